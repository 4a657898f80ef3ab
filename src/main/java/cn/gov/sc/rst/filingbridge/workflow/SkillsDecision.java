package cn.gov.sc.rst.filingbridge.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A decision of the skills system as {@code contracts/skills-decision-v1.schema.json} describes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SkillsDecision(
        String decisionId,
        @JsonProperty("SBLSH") String sblsh,
        Kind kind,
        OffsetDateTime decidedAt,
        String authority,
        List<Material> materials,
        String filingNumber,
        LocalDate validFrom,
        LocalDate validTo,
        String reason,
        String clause,
        Integer revocationCause,
        String facts,
        Evaluation evaluation) {

    public enum Kind { MATERIALS_COMPLETE, MATERIALS_INCOMPLETE, FILED, REFUSED, REVOKED, TERMINATED, SITE_EVALUATION }

    /** 现场技术评估 (三(一)2(2)): passed or failed, on which day, by whom, with remarks. */
    public record Evaluation(boolean passed, LocalDate date, List<String> evaluators, String remarks) {
    }

    /** One missing or defective material. */
    public record Material(String code, String name, String problem) {
    }

    /** The three causes of 五(四) for which a filing is revoked (取消备案资格). */
    public static String revocationCauseText(int cause) {
        return switch (cause) {
            case 1 -> "五（四）1：鉴定机构因设施设备老旧、损坏，无法满足鉴定需求，且无法按照要求整改";
            case 2 -> "五（四）2：鉴定机构在鉴定工作中存在资格核查不严、违规操作、虚假宣传、超范围鉴定等违规行为，且未能如期完成整改";
            case 3 -> "五（四）3：通过虚假材料、虚假承诺取得备案";
            default -> throw new IllegalArgumentException("revocation cause must be 1, 2 or 3, was " + cause);
        };
    }
}
