package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import cn.gov.sc.rst.filingbridge.wiring.InfrastructureFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds work that no message carries any more and drives it again through the normal path (对账补发). Such work is
 * rare but possible: a message dead-lettered by the broker's own safety net, a queue emptied by hand, a broker journal
 * lost. Two kinds are looked for, every {@code bridge.reconciler.interval} (1 min):
 * <ul>
 *   <li>an outbound record (skills, platform, ministry) still PENDING whose next message was due longer than
 *       {@code bridge.reconciler.stale-after} (10 min) ago: a new message for the record goes out through the outbox
 *       (the record keeps its Idempotency-Key, so the peer sees the delivery once). Case event
 *       {@code delivery-reconciled}, counter {@code bridge.reconciled{peer}};</li>
 *   <li>a case still RECEIVED, received longer ago than that, with no skills record and no open mapping failure: its
 *       accepted event is published again (the mapping is idempotent on the case). Case event
 *       {@code mapping-reconciled}, counter {@code bridge.reconciled{peer="mapping"}}.</li>
 * </ul>
 *
 * <p><b>"No message queued", known from the database alone</b> (a broker does not show scheduled messages to a
 * browser, and two instances share it): a record's message is due at its last activity ({@code updated_at}: queued,
 * failed attempt, replay, reconciliation) plus the retry schedule's delay after its attempts so far. A message that was
 * due longer than the stale age ago, with no outbox entry for that case and queue still unsent or relayed within the
 * stale age (a broker that was away, a backlog behind it), has been lost: a live message is consumed and moves the
 * record (settled, or a failed attempt that stamps {@code updated_at}) well within it. The stale age must stay far above
 * the infrastructure retry's longest wait (30 s): while the database is away, a held message cannot stamp anything. A
 * record behind an earlier version that is not delivered is left alone: it cannot move before that one, and is taken up
 * by a later run once it could.
 *
 * <p><b>Two instances.</b> Each re-drive is claimed with a guarded update ({@code … WHERE status = 'PENDING' AND
 * updated_at = :seen}), so of two instances that found the same record one drives it; a case is claimed by locking its
 * row (its event is written first) and checking again under the lock that nothing was queued for it meanwhile.
 */
@Component("reconciler")
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    static final String RECORD_EVENT = "delivery-reconciled";
    static final String CASE_EVENT = "mapping-reconciled";
    /** The {@code peer} tag of re-published accepted events. */
    static final String MAPPING = "mapping";
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final CaseJournal journal;
    private final TransactionTemplate tx;
    private final DeliveryProperties schedule;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String acceptedQueue;
    private final boolean enabled;
    private final Duration staleAfter;

    Reconciler(JdbcClient jdbc, CaseJournal journal, TransactionTemplate tx, DeliveryProperties schedule, Clock clock,
               MeterRegistry meters, BridgeProperties properties,
               @Value("${bridge.reconciler.enabled:true}") boolean enabled,
               @Value("${bridge.reconciler.stale-after:10m}") Duration staleAfter) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.tx = tx;
        this.schedule = schedule;
        this.clock = clock;
        this.meters = meters;
        this.acceptedQueue = properties.queues().accepted();
        this.enabled = enabled;
        this.staleAfter = staleAfter;
        for (DeliveryTarget target : DeliveryTarget.values()) {
            counter(target.label());
        }
        counter(MAPPING);
    }

    /** What one run drove again. */
    public record Result(int records, int cases) {
    }

    /** A PENDING record as last stamped. */
    record Stale(long recordId, String caseId, String key, int attempts, OffsetDateTime updatedAt) {
    }

    @Scheduled(fixedDelayString = "${bridge.reconciler.interval:1m}",
            initialDelayString = "${bridge.reconciler.interval:1m}")
    void scheduled() {
        if (!enabled) {
            return;
        }
        try {
            Result r = reconcile();
            if (r.records() > 0 || r.cases() > 0) {
                log.warn("reconciler: {} stranded outbound record(s) and {} stranded case(s) driven again",
                        r.records(), r.cases());
            }
        } catch (RuntimeException e) {
            if (!InfrastructureFailures.is(e)) {
                throw e;
            }
            // the next run looks again; the outage itself is reported by readiness and the consumers
            log.warn("reconciler paused, the database or broker is unavailable: {}", e.getMessage());
        }
    }

    /** One run, now by the injected clock. */
    public Result reconcile() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int records = 0;
        for (DeliveryTarget target : DeliveryTarget.values()) {
            for (Stale stale : staleRecords(target, now)) {
                if (redrive(target, stale, now)) {
                    records++;
                }
            }
        }
        int cases = 0;
        for (String caseId : strandedCases(now)) {
            if (republish(caseId, now)) {
                cases++;
            }
        }
        return new Result(records, cases);
    }

    /**
     * PENDING records of {@code target} whose message was due longer than the stale age ago, with nothing for them in
     * or recently through the outbox, and no earlier version of their case still undelivered.
     */
    List<Stale> staleRecords(DeliveryTarget target, OffsetDateTime now) {
        OffsetDateTime cutoff = now.minus(staleAfter);
        return jdbc.sql("""
                SELECT r.record_id, r.case_id, r.idempotency_key, r.attempts, r.updated_at FROM outbound_record r
                WHERE r.target = :target AND r.status = :pending AND r.updated_at < :cutoff
                  AND NOT EXISTS (SELECT 1 FROM outbound_record e WHERE e.case_id = r.case_id AND e.target = r.target
                    AND e.record_version < r.record_version AND e.status <> :delivered)
                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = r.case_id AND o.destination = :queue
                    AND (o.sent_at IS NULL OR o.sent_at > :cutoff))
                ORDER BY r.record_id FETCH FIRST :limit ROWS ONLY""")
                .param("target", target.name()).param("pending", OutboundStatus.PENDING.name())
                .param("delivered", OutboundStatus.DELIVERED.name()).param("queue", target.queue())
                .param("cutoff", cutoff).param("limit", BATCH)
                .query((rs, i) -> new Stale(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list().stream()
                // the retry schedule may have put the next attempt far beyond the last stamp (up to max-delay)
                .filter(s -> s.updatedAt().plus(schedule.delayAfter(s.attempts())).isBefore(cutoff))
                .toList();
    }

    /**
     * Claims {@code stale} (only if no one stamped it since it was read) and queues a new message for it, with its
     * case event, in one transaction. Returns whether this call drove it.
     */
    boolean redrive(DeliveryTarget target, Stale stale, OffsetDateTime now) {
        boolean driven = Boolean.TRUE.equals(tx.execute(s -> {
            int claimed = jdbc.sql("""
                    UPDATE outbound_record SET updated_at = :now
                    WHERE record_id = :id AND status = :pending AND updated_at = :seen""")
                    .param("now", now).param("id", stale.recordId()).param("pending", OutboundStatus.PENDING.name())
                    .param("seen", stale.updatedAt()).update();
            if (claimed == 0) {
                return false;
            }
            String ref = target.label() + " " + stale.key();
            int earlier = jdbc.sql("""
                    SELECT COUNT(*) FROM case_event WHERE case_id = :caseId AND event_type = :type
                      AND message_ref = :ref""")
                    .param("caseId", stale.caseId()).param("type", RECORD_EVENT).param("ref", ref)
                    .query(Integer.class).single();
            journal.event(stale.caseId(), RECORD_EVENT, null, "gateway:reconciler",
                    "reconciled: 待投递记录无在途消息，重新投递 / PENDING since " + stale.updatedAt()
                            + " with no message queued, driven again", ref);
            journal.enqueue(stale.caseId(), target.queue(),
                    target.label() + ":" + stale.recordId() + ":reconcile:" + (earlier + 1),
                    Map.of("recordId", stale.recordId()));
            return true;
        }));
        if (driven) {
            Counter reconciled = counter(target.label());
            reconciled.increment();
            log.warn("{} record {} was PENDING with no message since {}: driven again", target.label(), stale.key(),
                    stale.updatedAt());
        }
        return driven;
    }

    /**
     * Cases RECEIVED longer than the stale age ago with no skills record, no open mapping failure and no accepted
     * event in or recently through the outbox.
     */
    List<String> strandedCases(OffsetDateTime now) {
        return jdbc.sql("""
                SELECT c.case_id FROM filing_case c
                WHERE c.state = :received AND c.received_at < :cutoff""" + NOTHING_UNDER_WAY + """
                ORDER BY c.received_at FETCH FIRST :limit ROWS ONLY""")
                .param("received", CaseState.RECEIVED.name()).param("cutoff", now.minus(staleAfter))
                .param("skills", DeliveryTarget.SKILLS.name()).param("queue", acceptedQueue).param("limit", BATCH)
                .query(String.class).list();
    }

    /** Nothing carries the case on: no skills record, no open mapping failure, no recent accepted event. */
    private static final String NOTHING_UNDER_WAY = """

              AND NOT EXISTS (SELECT 1 FROM outbound_record r WHERE r.case_id = c.case_id AND r.target = :skills)
              AND NOT EXISTS (SELECT 1 FROM mapping_failure f WHERE f.case_id = c.case_id AND f.resolved_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.case_id AND o.destination = :queue
                AND (o.sent_at IS NULL OR o.sent_at > :cutoff))
            """;

    /**
     * Publishes the accepted event of a stranded case again, with its case event, in one transaction. The event is
     * written first, which locks the case row; under the lock the case is checked again, so that of two instances the
     * second sees the first one's outbox entry and writes nothing. Returns whether this call re-published it.
     */
    boolean republish(String caseId, OffsetDateTime now) {
        boolean done = Boolean.TRUE.equals(tx.execute(s -> {
            journal.event(caseId, CASE_EVENT, null, "gateway:reconciler",
                    "reconciled: 已受理案件未进入映射，重新发布受理事件 / RECEIVED with no skills record and no event "
                            + "queued, accepted event published again", null);
            int still = jdbc.sql("SELECT COUNT(*) FROM filing_case c WHERE c.case_id = :caseId AND c.state = :received"
                            + NOTHING_UNDER_WAY)
                    .param("caseId", caseId).param("received", CaseState.RECEIVED.name())
                    .param("skills", DeliveryTarget.SKILLS.name()).param("queue", acceptedQueue)
                    .param("cutoff", now.minus(staleAfter))
                    .query(Integer.class).single();
            if (still == 0) {
                s.setRollbackOnly();
                return false;
            }
            int earlier = jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = :caseId AND event_type = :type")
                    .param("caseId", caseId).param("type", CASE_EVENT).query(Integer.class).single();
            journal.enqueue(caseId, acceptedQueue, caseId + ":reconcile:" + earlier,
                    Map.of("caseId", caseId, "event", CASE_EVENT));
            return true;
        }));
        if (done) {
            counter(MAPPING).increment();
            log.warn("case {} was RECEIVED with no skills record and no accepted event under way: event published again",
                    caseId);
        }
        return done;
    }

    private Counter counter(String peer) {
        return Counter.builder("bridge.reconciled")
                .description("Stranded work driven again by the reconciler: PENDING records with no message, by peer;"
                        + " RECEIVED cases whose accepted event was lost (peer=mapping)")
                .tag("peer", peer).register(meters);
    }
}
