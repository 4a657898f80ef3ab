package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.cases.TransitionRefusedException;
import cn.gov.sc.rst.filingbridge.cases.CaseWorkflow;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.wiring.InfrastructureFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
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
 * A supplement window counted through a year without a loaded calendar is provisional: termination is irreversible, so
 * the sweep never terminates on it. It recounts the window with the calendar in use; while still provisional it holds
 * the case and raises the alert once (ERROR log line, {@code clock-provisional-hold} event, counter
 * {@code bridge.clocks.provisional.held}). Once the year is loaded and the date recounted it acts on the final date.
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
        this.held = Counter.builder("bridge.clocks.provisional.held")
                .description("supplement windows passed on a provisional date: the case is held, not terminated")
                .register(meters);
        this.failures = Counter.builder("bridge.clocks.sweep.failures")
                .description("clock runs the deadline sweep could not act on (their case is tried again next sweep)")
                .register(meters);
    }

    private final Counter held;
    private final Counter failures;

    /** What one sweep did. */
    public record Result(int terminated, int alerted, int overdueOpen, int held, int failed) {
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
        int heldNow = 0;
        List<Clocks.Run> expired = clocks.overdue(today, ClockKind.SUPPLEMENT);
        if (expired.stream().anyMatch(Clocks.Run::provisional) && clocks.recountProvisional() > 0) {
            expired = clocks.overdue(today, ClockKind.SUPPLEMENT);  // the calendar now covers the year: final dates
        }
        int failedNow = 0;
        for (Clocks.Run run : expired) {
            try {
                if (run.provisional()) {
                    if (run.alertedAt() == null && hold(run, today)) {
                        heldNow++;
                    }
                } else if (terminate(run)) {
                    terminated++;
                }
            } catch (RuntimeException e) {
                failed(run, e);
                failedNow++;
            }
        }
        int alerted = 0;
        int open = 0;
        for (ClockKind kind : new ClockKind[] {ClockKind.COMPLETENESS, ClockKind.FILING}) {
            for (Clocks.Run run : clocks.overdue(today, kind)) {
                open++;
                try {
                    if (run.alertedAt() == null && alert(run, today)) {
                        alerted++;
                    }
                } catch (RuntimeException e) {
                    failed(run, e);
                    failedNow++;
                }
            }
        }
        return new Result(terminated, alerted, open, heldNow, failedNow);
    }

    /**
     * One clock run could not be acted on. A database or broker failure ends the sweep (the next one tries again); any
     * other failure belongs to that case alone (its result notice cannot be made, say): its transaction rolled back,
     * the case stays as it was and is tried again at the next sweep, and the runs after it are still swept.
     */
    private void failed(Clocks.Run run, RuntimeException e) {
        if (InfrastructureFailures.is(e)) {
            throw e;
        }
        failures.increment();
        try (CaseLogContext ignored = caseLog(run.caseId())) {
            log.error("ALERT: deadline sweep could not act on the {} clock {} of case {} (due {}): {}; the case is "
                    + "unchanged and tried again at the next sweep, the other clocks are swept", run.kind(),
                    run.clockId(), run.caseId(), run.dueDate(), e.toString(), e);
        }
    }

    /** A supplement window passed on a provisional date: the case is held, with one alert. */
    private boolean hold(Clocks.Run run, LocalDate today) {
        try (CaseLogContext ignored = caseLog(run.caseId())) {
            return holdCase(run, today);
        }
    }

    private boolean holdCase(Clocks.Run run, LocalDate today) {
        Boolean done = tx.execute(s -> {
            if (!clocks.claimAlert(run.clockId())) {
                return false;
            }
            workflow.note(run.caseId(), "clock-provisional-hold", "gateway:sweep", "补正期限 " + run.dueDate()
                    + " 是按周末暂计的日期（" + run.dueDate().getYear() + "年节假日安排未载入），不终止办理；"
                    + "载入该年日历后重新计算再处理 / the supplement window ended on a provisional date "
                    + run.dueDate() + " (no calendar for " + run.dueDate().getYear() + "): the case is held, not "
                    + "terminated, until the year is loaded and the date recounted", "clock:" + run.clockId());
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            held.increment();
            log.error("ALERT: supplement clock of case {} passed its provisional due date {} (today {}): no calendar "
                    + "for {}; the case is held, not terminated, until that year's calendar is loaded", run.caseId(),
                    run.dueDate(), today, run.dueDate().getYear());
            return true;
        }
        return false;
    }

    private boolean terminate(Clocks.Run run) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("caseId", run.caseId());
             CaseLogContext sblsh = caseLog(run.caseId())) {
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
                            "gateway:sweep", CaseOutcomes.terminationReason(run.workingDays()) + "（期限 " + run.dueDate()
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
        try (CaseLogContext ignored = caseLog(run.caseId())) {
            return alertCase(run, today);
        }
    }

    /** The case's SBLSH on the sweep's lines about it (the sweep works by clock, which names the case by its id). */
    private CaseLogContext caseLog(String caseId) {
        return CaseLogContext.sblsh(workflow.find(caseId).map(AcceptedCase::sblsh).orElse(null));
    }

    private boolean alertCase(Clocks.Run run, LocalDate today) {
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
