package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** Facts of the sample notices (docs/result-notices.md shows the same ones). */
final class NoticeSamples {

    static final String APPLICANT = "成都市示范职业技术学校";
    static final String AUTHORITY = "四川省人力资源和社会保障厅";
    static final LocalDate DATE = LocalDate.of(2026, 11, 27);
    static final String PUBLISHED_AT = "四川省人力资源和社会保障厅网站“职业技能鉴定”栏目";
    static final String REASON = "你单位未在规定的5个工作日内补齐材料";
    static final String CLAUSE = "《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定";

    private NoticeSamples() {
    }

    static NoticeFacts filed(String caseId, String sblsh) {
        return NoticeFacts.filed(caseId, sblsh, APPLICANT, AUTHORITY, DATE, PUBLISHED_AT, "Y000051001064",
                LocalDate.of(2026, 11, 27), LocalDate.of(2029, 11, 26));
    }

    static NoticeFacts terminated(String caseId, String sblsh) {
        return NoticeFacts.ended(caseId, sblsh, CaseCompleted.TERMINATED, APPLICANT, AUTHORITY, DATE, REASON, CLAUSE);
    }

    static NoticeFacts refused(String caseId, String sblsh) {
        return NoticeFacts.ended(caseId, sblsh, CaseCompleted.REFUSED, APPLICANT, AUTHORITY, DATE,
                "你单位应会考场面积不符合备案条件", CLAUSE);
    }

    static CaseCompleted completed(String bjjgdm, String reason, String clause) {
        return new CaseCompleted("case-1", "SC-1", cn.gov.sc.rst.filingbridge.cases.CaseType.NEW_FILING, bjjgdm, APPLICANT, AUTHORITY, LocalDate.of(2026, 1, 5),
                OffsetDateTime.parse("2026-01-05T10:00:00+08:00"), CaseCompleted.FILED.equals(bjjgdm)
                ? "Y000051001064" : null, LocalDate.of(2026, 1, 5), LocalDate.of(2029, 1, 4), PUBLISHED_AT, reason,
                clause);
    }
}
