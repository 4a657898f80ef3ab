package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Applicant;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Assessor;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Commitment;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Equipment;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.FilingForm;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Institution;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.ManagementStaff;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Material;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Occupation;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Office;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Opinion;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Ratio;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Ratios;
import cn.gov.sc.rst.filingbridge.intake.FilingCase.Site;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a case against the notice: every violation is collected, none stops the check. Needs no database;
 * the rule that a 补正 references an open case is applied by {@link IntakeService}.
 */
public final class CaseValidator {

    static final String SUFFIX_SUO = "职业技能考核鉴定所";
    static final String SUFFIX_ZHAN = "职业技能考核鉴定站";
    static final Set<String> GENDERS = Set.of("男", "女");
    static final Set<String> UNIT_CATEGORIES = Set.of("行业部门", "省属单位", "部属单位", "其他单位");
    static final Set<String> STAFF_ROLES = Set.of("所（站）长", "副所（站）长", "办公室主任", "业务联系人", "主要工作人员", "财务管理人员");
    static final Set<String> ASSESSOR_ROLES = Set.of("考评员", "质量督导员");
    static final Set<String> CHANGE_ITEMS = Set.of("鉴定职业", "鉴定范围", "鉴定等级", "鉴定类别", "鉴定场所", "名称", "负责人");
    static final String ID_TYPE_USCC = "统一社会信用代码";
    /** Levels assessed with a 综合评审 (comprehensive review by experts): 二级/技师 and 一级/高级技师. */
    static final Set<Integer> REVIEW_LEVELS = Set.of(1, 2);
    /** Clock skew tolerated between the platform and us when checking that a submission time is not in the future. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final MaterialChecklist checklist;
    private final int maxInlineMaterialBytes;

    public CaseValidator(Clock clock, MaterialChecklist checklist, int maxInlineMaterialBytes) {
        this.clock = clock;
        this.checklist = checklist;
        this.maxInlineMaterialBytes = maxInlineMaterialBytes;
    }

    public List<Violation> validate(FilingCase c) {
        Checks k = new Checks(LocalDate.now(clock));
        k.check("SBLSH", c.sblsh(), CheckCodes::isSblsh, Rule.SBLSH_FORMAT);
        k.text("SXBM", c.sxbm());
        k.text("SXMC", c.sxmc());
        CaseType type = null;
        if (k.text("YWLX", c.ywlx())) {
            type = CaseType.parse(c.ywlx()).orElse(null);
            if (type == null) {
                k.add("YWLX", Rule.ONE_OF, "应为 设立备案、补正、变更 或 注销", "must be 设立备案, 补正, 变更 or 注销");
            }
        }
        k.name("SQRMC", c.sqrmc());
        if (k.text("SQRZJLX", c.sqrzjlx()) && !ID_TYPE_USCC.equals(c.sqrzjlx())) {
            k.add("SQRZJLX", Rule.ONE_OF, "申请人为单位，证件类型应为 统一社会信用代码",
                    "the applicant is a unit: the ID type must be 统一社会信用代码");
        }
        creditCode(k, "SQRZJHM", c.sqrzjhm());
        k.name("LXRXM", c.lxrxm());
        k.check("LXRSJ", c.lxrsj(), CheckCodes::isMobile, Rule.MOBILE);
        if (k.present("SBSJ", c.sbsj()) && c.sbsj().toInstant().isAfter(clock.instant().plus(SKEW))) {
            k.add("SBSJ", Rule.NOT_IN_FUTURE);
        }
        k.check("XZQHDM", c.xzqhdm(), CheckCodes::isSichuanArea, Rule.AREA_CODE);

        if (type != null) {
            switch (type) {
                case NEW_FILING -> {
                    if (k.present("BAB", c.bab())) {
                        form(k, "BAB", c.bab(), c, type);
                    }
                }
                case SUPPLEMENT -> {
                    k.check("GLSBLSH", c.glsblsh(), CheckCodes::isSblsh, Rule.SBLSH_FORMAT);
                    if (c.bab() != null) {
                        form(k, "BAB", c.bab(), c, type);
                    }
                    if (c.clqd() == null || c.clqd().isEmpty()) {
                        k.add("CLQD", Rule.REQUIRED, "补正须附补正材料", "a supplement must carry the supplemented materials");
                    }
                }
                case CHANGE -> {
                    k.check("BAH", c.bah(), CheckCodes::isFilingNumber, Rule.FILING_NUMBER);
                    if (c.bgsx() == null || c.bgsx().isEmpty()) {
                        k.add("BGSX", Rule.REQUIRED);
                    } else {
                        for (int i = 0; i < c.bgsx().size(); i++) {
                            if (!CHANGE_ITEMS.contains(c.bgsx().get(i))) {
                                k.add("BGSX[" + i + "]", Rule.ONE_OF, "变更事项应为 " + CHANGE_ITEMS,
                                        "change item must be one of " + CHANGE_ITEMS);
                            } else if (c.bgsx().subList(0, i).contains(c.bgsx().get(i))) {
                                // the result notice lists the items: 变更事项：名称、名称 would be wrong
                                k.add("BGSX[" + i + "]", Rule.ONE_OF, "变更事项不得重复", "a change item is listed once");
                            }
                        }
                    }
                    k.present("BGRQ", c.bgrq());
                    if (k.present("BAB", c.bab())) {
                        form(k, "BAB", c.bab(), c, type);
                    }
                }
                case CANCELLATION -> {
                    k.check("BAH", c.bah(), CheckCodes::isFilingNumber, Rule.FILING_NUMBER);
                    k.text("ZXYY", c.zxyy());
                }
            }
        }
        materials(k, c.clqd());
        return k.violations;
    }

    /**
     * A unit's credit code. About one 18-digit citizen ID number in 31 also passes GB 32100's check; one typed here
     * would be registered and published in the directory as the institution's code, so it is refused by name.
     */
    private static void creditCode(Checks k, String field, String value) {
        if (k.check(field, value, CheckCodes::isCreditCode, Rule.CREDIT_CODE) && CheckCodes.isIdNumber(value)) {
            k.add(field, Rule.CREDIT_CODE_IS_ID_NUMBER);
        }
    }

    private void form(Checks k, String p, FilingForm f, FilingCase c, CaseType type) {
        Applicant a = f.applicant();
        if (k.present(p + ".applicant", a)) {
            String ap = p + ".applicant";
            k.name(ap + ".fullName", a.fullName());
            creditCode(k, ap + ".creditCode", a.creditCode());
            k.name(ap + ".legalRepresentative", a.legalRepresentative());
            k.text(ap + ".licenceNumber", a.licenceNumber());
            k.text(ap + ".licenceIssuer", a.licenceIssuer());
            k.text(ap + ".address", a.address());
            k.check(ap + ".phone", a.phone(), CheckCodes::isPhone, Rule.PHONE);
            k.oneOf(ap + ".unitCategory", a.unitCategory(), UNIT_CATEGORIES);
            k.pastDate(ap + ".declarationDate", a.declarationDate(), true);
            if (c.sqrzjhm() != null && a.creditCode() != null && !c.sqrzjhm().equals(a.creditCode())) {
                k.add("SQRZJHM", Rule.MISMATCH, "应与 BAB.applicant.creditCode 相同", "must equal BAB.applicant.creditCode");
            }
            if (c.sqrmc() != null && a.fullName() != null && !c.sqrmc().equals(a.fullName())) {
                k.add("SQRMC", Rule.MISMATCH, "应与 BAB.applicant.fullName 相同", "must equal BAB.applicant.fullName");
            }
        }
        Institution inst = f.institution();
        if (k.present(p + ".institution", inst)) {
            String ip = p + ".institution";
            if (k.name(ip + ".name", inst.name()) && a != null && a.fullName() != null
                    && !inst.name().equals(a.fullName() + SUFFIX_SUO) && !inst.name().equals(a.fullName() + SUFFIX_ZHAN)) {
                k.add(ip + ".name", Rule.INSTITUTION_NAME);
            }
            k.text(ip + ".address", inst.address());
            k.name(ip + ".directorName", inst.directorName());
            k.check(ip + ".directorPhone", inst.directorPhone(), CheckCodes::isPhone, Rule.PHONE);
        }
        occupations(k, p + ".occupations", f.occupations());
        if (k.present(p + ".sites", f.sites())) {
            site(k, p + ".sites.theory", f.sites().theory(), true);
            site(k, p + ".sites.practical", f.sites().practical(), true);
            site(k, p + ".sites.inspection", f.sites().inspection(), false);
        }
        // which case types must carry them is the material checklist's word (formData): today the 设立备案 only
        office(k, p + ".office", f.office(), checklist.requiresFormData(p + ".office", type.label()));
        ratios(k, p + ".ratios", f.ratios(), f.occupations(), checklist.requiresFormData(p + ".ratios", type.label()));
        staff(k, p + ".managementStaff", f.managementStaff());
        assessors(k, p + ".assessors", f.assessors());
        if (k.present(p + ".commitments", f.commitments())) {
            commitment(k, p + ".commitments.truthfulness", f.commitments().truthfulness());
            commitment(k, p + ".commitments.standardOperation", f.commitments().standardOperation());
        }
        if (f.regulations() == null || f.regulations().isEmpty()) {
            k.add(p + ".regulations", Rule.REQUIRED, "须列明机构管理制度（附件6）", "the institution's regulations (annex 6) must be listed");
        } else {
            for (int i = 0; i < f.regulations().size(); i++) {
                var r = f.regulations().get(i);
                k.text(p + ".regulations[" + i + "].title", r == null ? null : r.title());
            }
        }
        if (k.present(p + ".opinions", f.opinions())) {
            opinion(k, p + ".opinions.legalPersonUnit", f.opinions().legalPersonUnit(), true);
            boolean industryTrade = f.occupations() != null
                    && f.occupations().stream().anyMatch(o -> o != null && Boolean.TRUE.equals(o.industryTrade()));
            opinion(k, p + ".opinions.industryAuthority", f.opinions().industryAuthority(), industryTrade);
        }
    }

    private void occupations(Checks k, String p, List<Occupation> list) {
        if (list == null || list.isEmpty()) {
            k.add(p, Rule.REQUIRED, "至少申报一个职业（工种）", "at least one occupation must be listed");
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String op = p + "[" + i + "]";
            Occupation o = list.get(i);
            if (!k.present(op, o)) {
                continue;
            }
            if (k.check(op + ".code", o.code(), CheckCodes::isOccupationCode, Rule.OCCUPATION_CODE) && !codes.add(o.code())) {
                k.add(op + ".code", Rule.ONE_OF, "同一职业编码重复申报", "the same occupation code is listed twice");
            }
            k.text(op + ".name", o.name());
            if (o.levels() == null || o.levels().isEmpty()) {
                k.add(op + ".levels", Rule.REQUIRED);
            } else {
                Set<Integer> seen = new HashSet<>();
                for (int j = 0; j < o.levels().size(); j++) {
                    Integer level = o.levels().get(j);
                    if (level == null || level < 1 || level > 5 || !seen.add(level)) {
                        k.add(op + ".levels[" + j + "]", Rule.LEVEL);
                    }
                }
            }
            k.notNegative(op + ".assessorCount", o.assessorCount(), true);
            k.notNegative(op + ".seniorAssessorCount", o.seniorAssessorCount(), false);
        }
    }

    private void site(Checks k, String p, Site s, boolean required) {
        if (s == null) {
            if (required) {
                k.add(p, Rule.REQUIRED);
            }
            return;
        }
        k.positive(p + ".count", s.count());
        k.positive(p + ".areaSquareMetres", s.areaSquareMetres());
        equipment(k, p + ".equipment", s.equipment(), "须列明设施设备", "the equipment must be listed");
    }

    /** 填报说明 1: required for a 设立备案, checked when a change or supplement carries it. */
    private void office(Checks k, String p, Office o, boolean required) {
        if (o == null) {
            if (required) {
                k.add(p, Rule.REQUIRED, "须填报办公场地及配套办公设施和档案资料保管设备信息（填报说明1）",
                        "the office premises with their office facilities and archive storage are required (form note 1)");
            }
            return;
        }
        k.text(p + ".address", o.address());
        k.positive(p + ".rooms", o.rooms());
        k.positive(p + ".areaSquareMetres", o.areaSquareMetres());
        equipment(k, p + ".facilities", o.facilities(), "须列明配套办公设施", "the office facilities must be listed");
        equipment(k, p + ".archiveStorage", o.archiveStorage(), "须列明档案资料保管设备",
                "the archive storage equipment must be listed");
    }

    /**
     * 一.3: per session, theory candidates against 考务（监考）人员, practical candidates against 考评人员, and review
     * candidates against 综合评审专家. The review ratio belongs to institutions assessing 技师 or 高级技师 and to no other.
     * The notice sets no figures of its own (it defers to the national requirements), so the numbers are checked to
     * be whole and above zero.
     */
    private void ratios(Checks k, String p, Ratios r, List<Occupation> occupations, boolean required) {
        if (r == null) {
            if (required) {
                k.add(p, Rule.REQUIRED, "须填报监考人员、考评人员、综合评审专家与考生数量的配比（通知一.3）",
                        "the invigilator, assessor and review expert to candidate ratios are required (notice 1.3)");
            }
            return;
        }
        ratio(k, p + ".theory", r.theory(), "理论知识考试", "theory examination", "考务（监考）人员", "invigilators");
        ratio(k, p + ".practical", r.practical(), "技能操作考核", "practical assessment", "考评人员", "assessors");
        boolean reviewed = occupations != null && occupations.stream()
                .anyMatch(o -> o != null && o.levels() != null && o.levels().stream().anyMatch(REVIEW_LEVELS::contains));
        // the review ratio follows the levels whenever ratios are given (a 设立, or a 变更 or 补正 that carries them)
        boolean levelsGiven = occupations != null && !occupations.isEmpty();
        if (r.review() != null) {
            if (levelsGiven && !reviewed) {
                k.add(p + ".review", Rule.REVIEW_RATIO, "本机构未申报技师、高级技师，不填报综合评审配比",
                        "the institution assesses neither 技师 nor 高级技师, so it has no review ratio");
            } else {
                ratio(k, p + ".review", r.review(), "综合评审", "comprehensive review", "评审专家", "experts");
            }
        } else if (reviewed) {
            k.add(p + ".review", Rule.REVIEW_RATIO, "本机构申报了技师或高级技师，须填报综合评审专家与考生数量的配比",
                    "the institution assesses 技师 or 高级技师, so the review expert to candidate ratio is required");
        }
    }

    private static void ratio(Checks k, String p, Ratio r, String sessionZh, String sessionEn, String staffZh, String staffEn) {
        if (r == null) {
            k.add(p, Rule.REQUIRED, sessionZh + "每场次考生数与" + staffZh + "数的配比",
                    "the " + sessionEn + " ratio of candidates to " + staffEn + " per session");
            return;
        }
        if (r.candidates() == null || r.candidates() <= 0) {
            k.add(p + ".candidates", Rule.RATIO, sessionZh + "每场次考生数须大于 0",
                    "candidates per " + sessionEn + " session must be greater than 0");
        }
        if (r.staff() == null || r.staff() <= 0) {
            k.add(p + ".staff", Rule.RATIO, sessionZh + "每场次" + staffZh + "数须大于 0",
                    staffEn + " per " + sessionEn + " session must be greater than 0");
        }
    }

    private void equipment(Checks k, String p, List<Equipment> list, String emptyZh, String emptyEn) {
        if (list == null || list.isEmpty()) {
            k.add(p, Rule.REQUIRED, emptyZh, emptyEn);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String ep = p + "[" + i + "]";
            Equipment e = list.get(i);
            if (k.present(ep, e)) {
                k.text(ep + ".name", e.name());
                k.text(ep + ".model", e.model());
                k.text(ep + ".unit", e.unit());
                k.positive(ep + ".quantity", e.quantity());
            }
        }
    }

    private void staff(Checks k, String p, List<ManagementStaff> list) {
        if (list == null || list.isEmpty()) {
            k.add(p, Rule.REQUIRED, "须填写管理人员名册（附件2）", "the management roster (annex 2) is required");
            return;
        }
        if (list.stream().noneMatch(m -> m != null && "所（站）长".equals(m.role()))) {
            k.add(p, Rule.ROSTER, "须配备专职负责人（所（站）长）", "a full-time director (所（站）长) is required");
        }
        if (list.stream().noneMatch(m -> m != null && "财务管理人员".equals(m.role()))) {
            k.add(p, Rule.ROSTER, "须配备财务管理人员", "a finance officer (财务管理人员) is required");
        }
        for (int i = 0; i < list.size(); i++) {
            String mp = p + "[" + i + "]";
            ManagementStaff m = list.get(i);
            if (!k.present(mp, m)) {
                continue;
            }
            k.oneOf(mp + ".role", m.role(), STAFF_ROLES);
            k.text(mp + ".name", m.name());
            k.oneOf(mp + ".gender", m.gender(), GENDERS);
            k.age(mp + ".age", m.age());
            k.text(mp + ".education", m.education());
            k.optional(mp + ".officePhone", m.officePhone(), CheckCodes::isPhone, Rule.PHONE);
            k.optional(mp + ".homePhone", m.homePhone(), CheckCodes::isPhone, Rule.PHONE);
            k.check(mp + ".mobile", m.mobile(), CheckCodes::isMobile, Rule.MOBILE);
            k.check(mp + ".socialSecurityNumber", m.socialSecurityNumber(), CheckCodes::isIdNumber, Rule.ID_NUMBER);
        }
    }

    private void assessors(Checks k, String p, List<Assessor> list) {
        if (list == null || list.isEmpty()) {
            k.add(p, Rule.REQUIRED, "须填写自有考评员和质量督导员名册（附件3）", "the assessor and supervisor roster (annex 3) is required");
            return;
        }
        if (list.stream().noneMatch(a -> a != null && "考评员".equals(a.role()))) {
            k.add(p, Rule.ROSTER, "须至少有一名自有考评员", "at least one own assessor (考评员) is required");
        }
        for (int i = 0; i < list.size(); i++) {
            String ap = p + "[" + i + "]";
            Assessor a = list.get(i);
            if (!k.present(ap, a)) {
                continue;
            }
            k.text(ap + ".name", a.name());
            k.oneOf(ap + ".gender", a.gender(), GENDERS);
            k.age(ap + ".age", a.age());
            k.text(ap + ".education", a.education());
            k.oneOf(ap + ".role", a.role(), ASSESSOR_ROLES);
            k.text(ap + ".occupation", a.occupation());
            k.pastDate(ap + ".qualifiedOn", a.qualifiedOn(), "考评员".equals(a.role()));
            k.check(ap + ".phone", a.phone(), CheckCodes::isPhone, Rule.PHONE);
            k.check(ap + ".socialSecurityNumber", a.socialSecurityNumber(), CheckCodes::isIdNumber, Rule.ID_NUMBER);
        }
    }

    private void commitment(Checks k, String p, Commitment c) {
        if (k.present(p, c)) {
            k.text(p + ".signedBy", c.signedBy());
            k.pastDate(p + ".signedOn", c.signedOn(), true);
        }
    }

    private void opinion(Checks k, String p, Opinion o, boolean required) {
        if (o == null) {
            if (required) {
                k.add(p, Rule.REQUIRED);
            }
            return;
        }
        k.text(p + ".authority", o.authority());
        k.text(p + ".opinion", o.opinion());
        if (!Boolean.TRUE.equals(o.sealed())) {
            k.add(p + ".sealed", Rule.REQUIRED, "意见须加盖公章", "the opinion must bear the official seal");
        }
        k.pastDate(p + ".date", o.date(), true);
    }

    private void materials(Checks k, List<Material> list) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String mp = "CLQD[" + i + "]";
            Material m = list.get(i);
            if (!k.present(mp, m)) {
                continue;
            }
            if (k.text(mp + ".code", m.code()) && !checklist.isKnownCode(m.code())) {
                k.add(mp + ".code", Rule.ONE_OF, "材料编码应为 " + checklist.knownCodes(), "material code must be one of " + checklist.knownCodes());
            }
            k.text(mp + ".name", m.name());
            boolean hashOk = k.check(mp + ".sm3", m.sm3(), s -> s.matches("[0-9a-f]{64}"), Rule.MATERIAL_HASH);
            boolean hasContent = m.content() != null && !m.content().isBlank();
            boolean hasRef = m.ref() != null && !m.ref().isBlank();
            if (hasContent == hasRef) {
                k.add(mp, Rule.MATERIAL_SOURCE);
            } else if (hasContent) {
                inlineContent(k, mp, m, hashOk);
            }
        }
    }

    private void inlineContent(Checks k, String mp, Material m, boolean hashOk) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(m.content());
        } catch (IllegalArgumentException e) {
            k.add(mp + ".content", Rule.MALFORMED, "内容须为 Base64 编码", "content must be Base64");
            return;
        }
        if (bytes.length > maxInlineMaterialBytes) {
            k.add(mp + ".content", Rule.MATERIAL_SIZE, "上限 " + maxInlineMaterialBytes + " 字节", "limit " + maxInlineMaterialBytes + " bytes");
        } else if (hashOk && !Sm3.hex(bytes).equals(m.sm3())) {
            k.add(mp + ".sm3", Rule.MATERIAL_HASH);
        }
    }

    /** Collects violations; each check answers whether the value passed so dependent checks can be skipped. */
    private static final class Checks {
        final List<Violation> violations = new ArrayList<>();
        final LocalDate today;

        Checks(LocalDate today) {
            this.today = today;
        }

        void add(String field, Rule rule) {
            violations.add(Violation.of(field, rule));
        }

        void add(String field, Rule rule, String zh, String en) {
            violations.add(Violation.of(field, rule, zh, en));
        }

        boolean present(String field, Object value) {
            if (value == null) {
                add(field, Rule.REQUIRED);
                return false;
            }
            return true;
        }

        boolean text(String field, String value) {
            if (value == null || value.isBlank()) {
                add(field, Rule.REQUIRED);
                return false;
            }
            return true;
        }

        /**
         * A name printed on one line (the result notice, the register, the directory): required, and without line
         * breaks, tabs or other control characters ({@link Rule#ONE_LINE}).
         */
        boolean name(String field, String value) {
            if (!text(field, value)) {
                return false;
            }
            if (!TextCharacters.isOneLine(value)) {
                add(field, Rule.ONE_LINE);
                return false;
            }
            return true;
        }

        boolean check(String field, String value, Predicate<String> rule, Rule violated) {
            if (!text(field, value)) {
                return false;
            }
            if (!rule.test(value)) {
                add(field, violated);
                return false;
            }
            return true;
        }

        void optional(String field, String value, Predicate<String> rule, Rule violated) {
            if (value != null && !value.isBlank() && !rule.test(value)) {
                add(field, violated);
            }
        }

        void oneOf(String field, String value, Set<String> allowed) {
            if (text(field, value) && !allowed.contains(value)) {
                add(field, Rule.ONE_OF, "应为 " + String.join("、", allowed.stream().sorted().toList()),
                        "must be one of " + allowed.stream().sorted().toList());
            }
        }

        void positive(String field, Integer value) {
            if (present(field, value) && value <= 0) {
                add(field, Rule.POSITIVE);
            }
        }

        void positive(String field, BigDecimal value) {
            if (present(field, value) && value.signum() <= 0) {
                add(field, Rule.POSITIVE);
            }
        }

        void notNegative(String field, Integer value, boolean required) {
            if (value == null) {
                if (required) {
                    add(field, Rule.REQUIRED);
                }
            } else if (value < 0) {
                add(field, Rule.NOT_NEGATIVE);
            }
        }

        void age(String field, Integer value) {
            if (present(field, value) && (value < 16 || value > 100)) {
                add(field, Rule.RANGE, "年龄应在 16–100 之间", "age must be between 16 and 100");
            }
        }

        void pastDate(String field, LocalDate value, boolean required) {
            if (value == null) {
                if (required) {
                    add(field, Rule.REQUIRED);
                }
            } else if (value.isAfter(today)) {
                add(field, Rule.NOT_IN_FUTURE);
            }
        }
    }
}
