package cn.gov.sc.rst.filingbridge.intake;

/**
 * One broken rule: the field path as the window names it (e.g. {@code BAB.assessors[2].socialSecurityNumber}),
 * the rule's code, and the message in Chinese and English. Messages name the rule, never echo personal data.
 */
public record Violation(String field, String rule, String messageZh, String messageEn) {

    static Violation of(String field, Rule rule) {
        return new Violation(field, rule.code(), rule.zh(), rule.en());
    }

    static Violation of(String field, Rule rule, String detailZh, String detailEn) {
        return new Violation(field, rule.code(), rule.zh() + "：" + detailZh, rule.en() + ": " + detailEn);
    }
}
