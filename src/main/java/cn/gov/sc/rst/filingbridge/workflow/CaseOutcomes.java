package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Publishes {@link CaseCompleted} for a case that reached its end, with what the result notice needs. */
@Component
class CaseOutcomes {

    /** The supplement limit when the case or its authority names none: 5 working days (三(一)2(2)). */
    static final int DEFAULT_SUPPLEMENT_DAYS = 5;
    static final String TERMINATION_REASON = terminationReason(DEFAULT_SUPPLEMENT_DAYS);
    /**
     * 样式（二）'s （本办法第X条规定） for a termination: 三(一)2(2), with 规定 and full-width brackets, exactly as
     * docs/result-notices.md has it.
     */
    static final String TERMINATION_CLAUSE =
            "《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定";

    /** 样式（二）'s （原因） for a termination: the supplement limit that passed, in working days. */
    static String terminationReason(int workingDays) {
        return "你单位未在规定的" + workingDays + "个工作日内补齐材料";
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final String directoryUrl;

    CaseOutcomes(JdbcClient jdbc, ApplicationEventPublisher events,
                 @Value("${bridge.directory.public-url:http://localhost:8080/directory}") String directoryUrl) {
        this.jdbc = jdbc;
        this.events = events;
        this.directoryUrl = directoryUrl;
    }

    private record Parties(String applicant, String authority) {
    }

    void filed(AcceptedCase c, String authorityFallback, LocalDate on, OffsetDateTime at, String number,
               LocalDate validFrom, LocalDate validTo) {
        filed(c, authorityFallback, on, at, number, validFrom, validTo, true);
    }

    /**
     * {@code inDirectory} false: the institution is not in the public directory (one filed before the gateway and
     * imported), so the notice names no place of publication it is not at.
     */
    void filed(AcceptedCase c, String authorityFallback, LocalDate on, OffsetDateTime at, String number,
               LocalDate validFrom, LocalDate validTo, boolean inDirectory) {
        Parties p = parties(c.caseId(), authorityFallback);
        events.publishEvent(new CaseCompleted(c.caseId(), c.sblsh(), c.caseType(), CaseCompleted.FILED, p.applicant(),
                p.authority(), on, at, number, validFrom, validTo, inDirectory ? directoryUrl : null, null, null));
    }

    void refused(AcceptedCase c, String authorityFallback, LocalDate on, OffsetDateTime at, String reason,
                 String clause) {
        Parties p = parties(c.caseId(), authorityFallback);
        events.publishEvent(new CaseCompleted(c.caseId(), c.sblsh(), c.caseType(), CaseCompleted.REFUSED,
                p.applicant(), p.authority(), on, at, null, null, null, null, reason, clause));
    }

    void terminated(AcceptedCase c, LocalDate on, OffsetDateTime at) {
        terminated(c, on, at, terminationReason(c.caseId()), TERMINATION_CLAUSE);
    }

    /** Terminated (BJJGDM 5, 样式（二）) for the given reason and clause. */
    void terminated(AcceptedCase c, LocalDate on, OffsetDateTime at, String reason, String clause) {
        Parties p = parties(c.caseId(), null);
        events.publishEvent(new CaseCompleted(c.caseId(), c.sblsh(), c.caseType(), CaseCompleted.TERMINATED,
                p.applicant(), p.authority(), on, at, null, null, null, null, reason, clause));
    }

    /** The termination reason of the case, with its supplement limit in working days. */
    String terminationReason(String caseId) {
        int days = jdbc.sql("""
                SELECT working_days FROM case_clock WHERE case_id = :id AND clock_kind = 'SUPPLEMENT'
                ORDER BY clock_id DESC""").param("id", caseId).query(Integer.class).list().stream().findFirst()
                .orElse(ClockKind.SUPPLEMENT.workingDays());
        return terminationReason(days);
    }

    private Parties parties(String caseId, String authorityFallback) {
        return jdbc.sql("SELECT applicant_name, authority_name FROM filing_case WHERE case_id = :id")
                .param("id", caseId)
                .query((rs, i) -> new Parties(rs.getString(1),
                        rs.getString(2) != null ? rs.getString(2) : authorityFallback))
                .single();
    }
}
