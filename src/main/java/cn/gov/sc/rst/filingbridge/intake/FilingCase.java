package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One 办件 as the platform window submits it: the envelope in the platform's own field names, the 备案表 (附件1 and its
 * annexes) as structured data, and the materials list. REST and SOAP both produce exactly this value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilingCase(
        @JsonProperty("SBLSH") String sblsh,
        @JsonProperty("SXBM") String sxbm,
        @JsonProperty("SXMC") String sxmc,
        @JsonProperty("YWLX") String ywlx,
        @JsonProperty("GLSBLSH") String glsblsh,
        @JsonProperty("BAH") String bah,
        @JsonProperty("BGSX") List<String> bgsx,
        @JsonProperty("BGRQ") LocalDate bgrq,
        @JsonProperty("ZXYY") String zxyy,
        @JsonProperty("SQRMC") String sqrmc,
        @JsonProperty("SQRZJLX") String sqrzjlx,
        @JsonProperty("SQRZJHM") String sqrzjhm,
        @JsonProperty("LXRXM") String lxrxm,
        @JsonProperty("LXRSJ") String lxrsj,
        @JsonProperty("SBSJ") OffsetDateTime sbsj,
        @JsonProperty("XZQHDM") String xzqhdm,
        @JsonProperty("BAB") FilingForm bab,
        @JsonProperty("CLQD") List<Material> clqd) {

    /** 变更事项 (BGSX) that change the institution's record itself: its name, its director, its sites (address). */
    public static final String NAME = "名称";
    public static final String DIRECTOR = "负责人";
    public static final String SITES = "鉴定场所";
    /** 变更事项 that change what it assesses: occupations, scope, levels, category. */
    public static final java.util.Set<String> OCCUPATION_CHANGES = java.util.Set.of("鉴定职业", "鉴定范围", "鉴定等级",
            "鉴定类别");

    public CaseType caseType() {
        return CaseType.fromLabel(ywlx);
    }

    /** Whether this 变更 declares the change item (BGSX) {@code item}. */
    public boolean declares(String item) {
        return bgsx != null && bgsx.contains(item);
    }

    /** Whether this 变更 declares a change of occupations, scope, levels or category ({@link #OCCUPATION_CHANGES}). */
    public boolean declaresOccupations() {
        return bgsx != null && bgsx.stream().anyMatch(OCCUPATION_CHANGES::contains);
    }

    /**
     * 备案表 (附件1) with its annexes 2–6 and the opinions; {@code office} is 填报说明 1 and {@code ratios} the staff to
     * candidate ratios of 一.3.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilingForm(
            Applicant applicant,
            Institution institution,
            List<Occupation> occupations,
            Sites sites,
            List<ManagementStaff> managementStaff,
            List<Assessor> assessors,
            Commitments commitments,
            List<Regulation> regulations,
            Opinions opinions,
            String remarks,
            Office office,
            Ratios ratios) {
    }

    /** 填报说明 1: 办公场地 (address, rooms, area) with 配套办公设施 and 档案资料保管设备. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Office(
            String address, Integer rooms, java.math.BigDecimal areaSquareMetres, List<Equipment> facilities,
            List<Equipment> archiveStorage) {
    }

    /**
     * 一.3, per session (每场次): theory candidates against 考务（监考）人员, practical candidates against 考评人员, and
     * review (综合评审) candidates against 专家, the last only where the institution assesses levels reviewed that way.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ratios(Ratio theory, Ratio practical, Ratio review) {
    }

    /** Candidates in one session and the staff who attend them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ratio(Integer candidates, Integer staff) {
    }

    /** 申请单位 (鉴定所（站）申请法人单位). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Applicant(
            String fullName,
            String creditCode,
            String legalRepresentative,
            String licenceNumber,
            String licenceIssuer,
            String address,
            String phone,
            String unitCategory,
            LocalDate declarationDate) {
    }

    /** 鉴定所（站）. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Institution(String name, String address, String directorName, String directorPhone) {
    }

    /** 职业（工种） with 鉴定级别 and 自有考评员数量. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Occupation(
            String code, String name, List<Integer> levels, Integer assessorCount, Integer seniorAssessorCount,
            Boolean industryTrade) {
    }

    /** 鉴定场地设施情况: 应知考场, 应会考场, 检验场地. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sites(Site theory, Site practical, Site inspection) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Site(Integer count, java.math.BigDecimal areaSquareMetres, List<Equipment> equipment) {
    }

    /** 设备名称, 型号、规格, 单位, 数量. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Equipment(String name, String model, String unit, Integer quantity) {
    }

    /** 附件2 管理人员名册 row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ManagementStaff(
            String role, String name, String gender, Integer age, String qualification, String education,
            String professionalTitle, String officePhone, String homePhone, String mobile,
            String socialSecurityNumber) {
    }

    /** 附件3 自有考评员和质量督导员名册 row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assessor(
            String name, String gender, Integer age, String education, String position, String professionalTitle,
            String role, String occupation, LocalDate qualifiedOn, String phone, String socialSecurityNumber) {
    }

    /** 附件4 真实性承诺书 and 附件5 规范运行承诺书, each signed by the legal representative. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Commitments(Commitment truthfulness, Commitment standardOperation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Commitment(String signedBy, LocalDate signedOn) {
    }

    /** 附件6 规章制度 entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Regulation(String title) {
    }

    /** 法人单位意见 and 行业鉴定主管部门意见. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Opinions(Opinion legalPersonUnit, Opinion industryAuthority) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Opinion(String authority, String opinion, Boolean sealed, LocalDate date) {
    }

    /** One material (申请材料): code from the checklist, SM3 of its bytes, and either inline content or a reference. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Material(String code, String name, String sm3, String content, String ref) {
    }
}
