package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.intake.AcceptedCase;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Publishes {@link CaseCompleted} for a case that reached its end, with what the result notice needs. */
@Component
class CaseOutcomes {

    static final String TERMINATION_REASON = "未在规定的5个工作日内补齐材料";
    static final String TERMINATION_CLAUSE = "《关于实行职业技能考核鉴定机构备案和监督管理的通知》三(一)2(2)";

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
        Parties p = parties(c.caseId(), authorityFallback);
        events.publishEvent(new CaseCompleted(c.caseId(), c.sblsh(), c.caseType(), CaseCompleted.FILED, p.applicant(),
                p.authority(), on, at, number, validFrom, validTo, directoryUrl, null, null));
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

    /** 三(一)2(2) with the authority's supplement limit N. */
    static String terminationReason(int supplementWorkingDays) {
        return TERMINATION_REASON.replace("5个工作日", supplementWorkingDays + "个工作日");
    }

    private Parties parties(String caseId, String authorityFallback) {
        return jdbc.sql("SELECT applicant_name, authority_name FROM filing_case WHERE case_id = :id")
                .param("id", caseId)
                .query((rs, i) -> new Parties(rs.getString(1),
                        rs.getString(2) != null ? rs.getString(2) : authorityFallback))
                .single();
    }
}
