package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.intake.CaseClocks;
import cn.gov.sc.rst.filingbridge.intake.CaseView;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runs of each case's statutory clocks in {@code case_clock}: started on an event, due after the kind's working
 * days by the {@link Calendar} (the event day not counted), provisional while the due date was counted through a year
 * without a loaded calendar, stopped when what it waits for happens. Joins the caller's transaction.
 */
@Component
class Clocks implements CaseClocks {

    private static final Logger log = LoggerFactory.getLogger(Clocks.class);

    private final JdbcClient jdbc;
    private final Calendar calendar;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final WorkflowProperties properties;

    Clocks(JdbcClient jdbc, Calendar calendar, Clock clock, TransactionTemplate tx, WorkflowProperties properties) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.clock = clock;
        this.tx = tx;
        this.properties = properties;
    }

    /** The working days of {@code kind} for the case's authority: its 市（州）'s own limit, else the province's. */
    int workingDays(String caseId, ClockKind kind) {
        String area = jdbc.sql("SELECT authority_area FROM filing_case WHERE case_id = :id").param("id", caseId)
                .query(String.class).optional().orElse(null);
        return properties.workingDays(area, kind);
    }

    /** One stored run. */
    record Run(long clockId, String caseId, ClockKind kind, OffsetDateTime startedAt, LocalDate startDate,
               int workingDays, LocalDate dueDate, boolean provisional, OffsetDateTime stoppedAt, String stopReason,
               OffsetDateTime expiredAt, OffsetDateTime alertedAt) {

        boolean open() {
            return stoppedAt == null && expiredAt == null;
        }
    }

    /**
     * Starts a run of {@code kind} at {@code at} unless one is already open; returns the open run. The new run is
     * returned as inserted (its id from the INSERT's generated keys), not read back.
     */
    Run start(String caseId, ClockKind kind, OffsetDateTime at) {
        OpenRun open = openWithLimit(caseId, kind);
        if (open.run().isPresent()) {
            return open.run().get();
        }
        LocalDate startDate = at.atZoneSameInstant(clock.getZone()).toLocalDate();
        int days = open.workingDays();
        WorkingDayCalendar.Deadline due = calendar.deadline(startDate, days);
        KeyHolder generated = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date, provisional)
                VALUES (:caseId, :kind, :at, :startDate, :days, :due, :provisional)""")
                .param("caseId", caseId).param("kind", kind.name()).param("at", at).param("startDate", startDate)
                .param("days", days).param("due", due.deadline()).param("provisional", due.provisional())
                .update(generated, "clock_id");
        log.info("clock {} of case {} started {}, due {}{}", kind, caseId, startDate, due.deadline(),
                due.provisional() ? " (provisional)" : "");
        long clockId = java.util.Objects.requireNonNull(generated.getKey(), "no clock_id generated").longValue();
        return new Run(clockId, caseId, kind, at, startDate, days, due.deadline(), due.provisional(), null, null, null,
                null);
    }

    /**
     * Counts the open run of {@code kind} again with the limit of the case's authority, once the mapping has determined
     * it (三(二): a 市（州） sets its own, shorter limits; a clock started at receipt, before the authority was known,
     * ran on the province's). Returns the run when its limit changed.
     */
    Optional<Run> applyAuthorityLimit(String caseId, ClockKind kind) {
        OpenRun open = openWithLimit(caseId, kind);
        if (open.run().isEmpty()) {
            return Optional.empty();
        }
        Run r = open.run().get();
        int days = open.workingDays();
        if (days == r.workingDays()) {
            return Optional.empty();
        }
        WorkingDayCalendar.Deadline due = calendar.deadline(r.startDate(), days);
        jdbc.sql("""
                UPDATE case_clock SET working_days = :days, due_date = :due, provisional = :p
                WHERE clock_id = :id AND stopped_at IS NULL AND expired_at IS NULL""")
                .param("days", days).param("due", due.deadline()).param("p", due.provisional())
                .param("id", r.clockId()).update();
        log.info("clock {} of case {} counted with its authority's limit: {} working days, due {} (was {}, {})", kind,
                caseId, days, due.deadline(), r.workingDays(), r.dueDate());
        return open(caseId, kind);
    }

    /** Stops the open run of {@code kind}, if any; returns whether one was stopped. */
    boolean stop(String caseId, ClockKind kind, String reason) {
        return jdbc.sql("""
                UPDATE case_clock SET stopped_at = :now, stop_reason = :reason
                WHERE case_id = :caseId AND clock_kind = :kind AND stopped_at IS NULL AND expired_at IS NULL""")
                .param("now", now()).param("reason", reason).param("caseId", caseId).param("kind", kind.name())
                .update() > 0;
    }

    /** Stops every open run of the case (it reached a decision). */
    void stopAll(String caseId, String reason) {
        for (ClockKind kind : ClockKind.values()) {
            stop(caseId, kind, reason);
        }
    }

    /** The open run of a kind, if any, and the working days of that kind for the case's authority. */
    private record OpenRun(Optional<Run> run, int workingDays) {
    }

    /**
     * {@link #open} and {@link #workingDays} in one read: the case's authority area with its open run of {@code kind}
     * joined, if it has one.
     */
    private OpenRun openWithLimit(String caseId, ClockKind kind) {
        record Found(String area, Run run) {
        }
        List<Found> found = jdbc.sql("""
                SELECT c.authority_area, k.clock_id, k.case_id, k.clock_kind, k.started_at, k.start_date, k.working_days,
                  k.due_date, k.provisional, k.stopped_at, k.stop_reason, k.expired_at, k.alerted_at
                FROM filing_case c LEFT JOIN case_clock k ON k.case_id = c.case_id AND k.clock_kind = :kind
                  AND k.stopped_at IS NULL AND k.expired_at IS NULL
                WHERE c.case_id = :caseId ORDER BY k.clock_id""")
                .param("caseId", caseId).param("kind", kind.name())
                .query((rs, i) -> new Found(rs.getString(1), rs.getObject(2) == null ? null : runAt(rs, 1)))
                .list();
        String area = found.isEmpty() ? null : found.get(0).area();
        return new OpenRun(found.stream().map(Found::run).filter(java.util.Objects::nonNull).findFirst(),
                properties.workingDays(area, kind));
    }

    Optional<Run> open(String caseId, ClockKind kind) {
        return runs("WHERE case_id = :caseId AND clock_kind = :kind AND stopped_at IS NULL AND expired_at IS NULL",
                caseId, kind).stream().findFirst();
    }

    List<Run> all(String caseId) {
        return runs("WHERE case_id = :caseId", caseId, null);
    }

    /** Open runs due before {@code today} (the due day itself still counts), of the given kinds. */
    List<Run> overdue(LocalDate today, ClockKind kind) {
        return jdbc.sql(SELECT + " " + """
                WHERE stopped_at IS NULL AND expired_at IS NULL AND due_date < :today AND clock_kind = :kind
                ORDER BY due_date, clock_id""")
                .param("today", today).param("kind", kind.name()).query(this::run).list();
    }

    /** Claims an expired run for this instance: true for exactly one caller; never a run on a provisional date. */
    boolean claimExpiry(long clockId) {
        return jdbc.sql("""
                UPDATE case_clock SET expired_at = :now
                WHERE clock_id = :id AND expired_at IS NULL AND stopped_at IS NULL AND provisional = FALSE""")
                .param("now", now()).param("id", clockId).update() == 1;
    }

    /** Claims the overdue alert of a run for this instance: true for exactly one caller. */
    boolean claimAlert(long clockId) {
        return jdbc.sql("""
                UPDATE case_clock SET alerted_at = :now
                WHERE clock_id = :id AND alerted_at IS NULL AND stopped_at IS NULL""")
                .param("now", now()).param("id", clockId).update() == 1;
    }

    @Override
    public List<CaseView.Clock> of(String caseId) {
        LocalDate today = today();
        return all(caseId).stream().map(r -> view(r, today)).toList();
    }

    CaseView.Clock view(Run r, LocalDate today) {
        LocalDate asOf = r.open() ? today
                : (r.stoppedAt() != null ? r.stoppedAt() : r.expiredAt()).atZoneSameInstant(clock.getZone()).toLocalDate();
        int remaining = calendar.remaining(asOf, r.dueDate());
        boolean overdue = asOf.isAfter(r.dueDate());
        return new CaseView.Clock(r.kind().name(), r.startedAt(), r.workingDays(), r.dueDate(), r.provisional(),
                remaining, overdue, r.stoppedAt() != null ? r.stoppedAt() : r.expiredAt(),
                r.stopReason() != null ? r.stopReason()
                        : r.expiredAt() != null ? "期限届满 / the time limit passed" : null);
    }

    /**
     * Counts again the due date of every open run with the calendar in use: once the missing year's calendar is
     * loaded (a new {@code calendar/<year>.json}) a provisional date becomes final, and a year's file replaced by a
     * corrected one (a holiday added or moved, as the State Council has done within a year) moves the dates counted
     * across it. Runs already stopped or expired keep their dates: an expiry acted on is not undone. Returns how many
     * runs changed.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recomputeAtStartup() {
        int changed = recount();
        if (changed > 0) {
            log.info("{} open clock(s) recounted with the loaded calendar", changed);
        }
    }

    int recount() {
        return recount(false);
    }

    /** {@link #recount()} of the open provisional runs only: what the sweep needs before it acts on one. */
    int recountProvisional() {
        return recount(true);
    }

    private int recount(boolean provisionalOnly) {
        Integer changed = tx.execute(s -> {
            int n = 0;
            for (Run r : jdbc.sql(SELECT + " WHERE stopped_at IS NULL AND expired_at IS NULL"
                            + (provisionalOnly ? " AND provisional = TRUE" : ""))
                    .query(this::run).list()) {
                WorkingDayCalendar.Deadline due = calendar.deadline(r.startDate(), r.workingDays());
                if (due.provisional() != r.provisional() || !due.deadline().equals(r.dueDate())) {
                    // guarded like the sweep's claims: a run another instance stopped, expired or recounted since
                    // the read above is left as that instance left it
                    if (jdbc.sql("""
                            UPDATE case_clock SET due_date = :due, provisional = :p WHERE clock_id = :id
                              AND due_date = :was AND provisional = :wasProvisional AND working_days = :days
                              AND stopped_at IS NULL AND expired_at IS NULL""")
                            .param("due", due.deadline()).param("p", due.provisional()).param("id", r.clockId())
                            .param("was", r.dueDate()).param("wasProvisional", r.provisional())
                            .param("days", r.workingDays()).update() == 0) {
                        continue;
                    }
                    log.info("clock {} of case {} recounted: due {} (was {}){}", r.kind(), r.caseId(),
                            due.deadline(), r.dueDate(), due.provisional() ? ", provisional" : "");
                    n++;
                }
            }
            return n;
        });
        return changed == null ? 0 : changed;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Sichuan time: the business clock's zone, in which a timestamp falls on its working day. */
    ZoneId zone() {
        return clock.getZone();
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private static final String SELECT = """
            SELECT clock_id, case_id, clock_kind, started_at, start_date, working_days, due_date, provisional,
              stopped_at, stop_reason, expired_at, alerted_at FROM case_clock""";

    private List<Run> runs(String where, String caseId, ClockKind kind) {
        JdbcClient.StatementSpec spec = jdbc.sql(SELECT + " " + where + " ORDER BY clock_id").param("caseId", caseId);
        if (kind != null) {
            spec = spec.param("kind", kind.name());
        }
        return spec.query(this::run).list();
    }

    private Run run(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return runAt(rs, 0);
    }

    /** A run from the twelve columns of {@link #SELECT}, after the first {@code skip} columns of the row. */
    private static Run runAt(java.sql.ResultSet rs, int skip) throws java.sql.SQLException {
        int c = skip;
        return new Run(rs.getLong(c + 1), rs.getString(c + 2), ClockKind.valueOf(rs.getString(c + 3)),
                rs.getObject(c + 4, OffsetDateTime.class), rs.getObject(c + 5, LocalDate.class), rs.getInt(c + 6),
                rs.getObject(c + 7, LocalDate.class), rs.getBoolean(c + 8), rs.getObject(c + 9, OffsetDateTime.class),
                rs.getString(c + 10), rs.getObject(c + 11, OffsetDateTime.class), rs.getObject(c + 12, OffsetDateTime.class));
    }
}
