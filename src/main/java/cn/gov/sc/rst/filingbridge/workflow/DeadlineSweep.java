package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.intake.AcceptedCase;
import cn.gov.sc.rst.filingbridge.intake.CaseState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns passed deadlines into events, safely on several instances at once: each expired supplement clock and each
 * overdue authority clock is claimed with a guarded update ({@code … WHERE expired_at IS NULL}), so exactly one instance
 * acts on it. An expired supplement window terminates the case (终止本次办理, BJJGDM 5) in the claim's transaction; an
 * overdue completeness or filing clock raises an alert once (WARN log line, {@code clock-overdue} event, counter
 * {@code bridge.clocks.overdue.alerts}; the gauge {@code bridge.clocks.overdue} of observability counts them). The due day itself still counts.
 */
@Component
public class DeadlineSweep {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

    private final Clocks clocks;
    private final CaseWorkflow workflow;
    private final CaseOutcomes outcomes;
    private final TransactionTemplate tx;
    private final WorkflowProperties properties;
    private final Counter alerts;

    DeadlineSweep(Clocks clocks, CaseWorkflow workflow, CaseOutcomes outcomes, TransactionTemplate tx,
                  WorkflowProperties properties, MeterRegistry meters) {
        this.clocks = clocks;
        this.workflow = workflow;
        this.outcomes = outcomes;
        this.tx = tx;
        this.properties = properties;
        this.alerts = Counter.builder("bridge.clocks.overdue.alerts")
                .description("overdue alerts raised for the authority's clocks (completeness, filing)").register(meters);
    }

    /** What one sweep did. */
    public record Result(int terminated, int alerted, int overdueOpen) {
    }

    @Scheduled(fixedDelayString = "${bridge.workflow.sweep.interval:1m}",
            initialDelayString = "${bridge.workflow.sweep.interval:1m}")
    void scheduled() {
        if (properties.sweep().enabled()) {
            Result r = sweep();
            if (r.terminated() > 0 || r.alerted() > 0) {
                log.info("deadline sweep: {} terminated, {} overdue alerts", r.terminated(), r.alerted());
            }
        }
    }

    /** One sweep, now by the injected clock. */
    public Result sweep() {
        LocalDate today = clocks.today();
        int terminated = 0;
        for (Clocks.Run run : clocks.overdue(today, ClockKind.SUPPLEMENT)) {
            if (terminate(run)) {
                terminated++;
            }
        }
        int alerted = 0;
        int open = 0;
        for (ClockKind kind : new ClockKind[] {ClockKind.COMPLETENESS, ClockKind.FILING}) {
            for (Clocks.Run run : clocks.overdue(today, kind)) {
                open++;
                if (run.alertedAt() == null && alert(run, today)) {
                    alerted++;
                }
            }
        }
        return new Result(terminated, alerted, open);
    }

    private boolean terminate(Clocks.Run run) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("caseId", run.caseId())) {
            Boolean done = tx.execute(s -> {
                // the case row first, as the intake of a 补正 does: the two queue instead of passing each other
                workflow.lock(run.caseId());
                if (!clocks.claimExpiry(run.clockId())) {
                    return false;
                }
                AcceptedCase c = workflow.find(run.caseId()).orElseThrow();
                OffsetDateTime now = clocks.now();
                try {
                    workflow.move(run.caseId(), CaseState.SUPPLEMENT_REQUESTED, CaseState.TERMINATED, "terminated",
                            "gateway:sweep", CaseOutcomes.TERMINATION_REASON + "（期限 " + run.dueDate()
                                    + " 届满），终止本次办理 / supplement window ended " + run.dueDate() + ": terminated",
                            "clock:" + run.clockId());
                } catch (TransitionRefusedException e) {
                    log.warn("supplement clock {} of case {} expired but the case is {}: not terminated",
                            run.clockId(), run.caseId(), e.from());
                    return false;
                }
                clocks.stopAll(run.caseId(), "终止办理 / terminated");
                outcomes.terminated(c, now.toLocalDate(), now);
                log.info("case {} terminated: supplement window ended {}", c.sblsh(), run.dueDate());
                return true;
            });
            return Boolean.TRUE.equals(done);
        }
    }

    private boolean alert(Clocks.Run run, LocalDate today) {
        Boolean done = tx.execute(s -> {
            if (!clocks.claimAlert(run.clockId())) {
                return false;
            }
            workflow.note(run.caseId(), "clock-overdue", "gateway:sweep", run.kind().label() + " 时限已于 "
                    + run.dueDate() + " 届满（" + run.workingDays() + " 个工作日，自 " + run.startDate() + " 起）/ "
                    + run.kind() + " clock overdue since " + run.dueDate(), "clock:" + run.clockId());
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            alerts.increment();
            log.warn("ALERT: {} clock of case {} overdue: due {}, today {}", run.kind(), run.caseId(), run.dueDate(),
                    today);
            return true;
        }
        return false;
    }
}
