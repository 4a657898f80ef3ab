package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.wiring.BrokerTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every delivery to a peer shares, whatever the peer ({@link DeliveryTarget}): outbound records in
 * {@code outbound_record} with an {@link OutboundStatus}, settled once from PENDING; per-case version order; the retry schedule
 * of {@link DeliveryProperties} stamped on broker time, then the dead-letter queue with the last reason; operators'
 * listing and replay. How a peer is called and how its answer is judged belongs to the peer's own bean.
 */
@Component("deliveries")
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final JdbcClient jdbc;
    private final CaseJournal journal;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final DeliveryProperties schedule;
    private final Clock clock;
    private final BrokerTime brokerTime;
    private final DeliveryMetrics metrics;
    private final DeadLetters deadLetters;

    Deliveries(JdbcClient jdbc, CaseJournal journal, TransactionTemplate tx, ObjectMapper json,
               DeliveryProperties schedule, Clock clock, BrokerTime brokerTime, DeliveryMetrics metrics,
               DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.tx = tx;
        this.json = json;
        this.schedule = schedule;
        this.clock = clock;
        this.brokerTime = brokerTime;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /**
     * A record waiting to be sent: its id, case, idempotency key and stored payload, and its peer, version and creation
     * time (none of which ever changes), so that settling it after the attempt need not read it again.
     */
    public record Pending(long recordId, String caseId, String idempotencyKey, String payload, DeliveryTarget target,
                          int version, OffsetDateTime createdAt) {

        /** Without the payload: it carries personal data (ID numbers, mobiles), and a request may be logged. */
        @Override
        public String toString() {
            return "Pending[" + target + " record " + recordId + ", key " + idempotencyKey + ", version " + version + "]";
        }
    }

    /**
     * What to do after a failed attempt: try again at {@code at} (epoch ms, broker time) as attempt {@code next} on
     * {@code queue}, or give up and send the message to {@code deadLetterQueue}.
     */
    public record Retry(boolean dead, long at, int next, String reason, String queue, String deadLetterQueue) {
    }

    /** A record as operators see it. */
    public record RecordView(long recordId, String target, String caseId, String sblsh, int version,
                             OutboundStatus status,
                             int attempts, String lastError, OffsetDateTime updatedAt) {
    }

    private record Row(long recordId, String caseId, DeliveryTarget target, int version, String key, String payload,
                       OutboundStatus status, OffsetDateTime createdAt) {
    }

    /** The columns {@link #row(java.sql.ResultSet)} reads, in its order: every query of a {@link Row} selects these. */
    private static final String ROW_COLUMNS =
            "record_id, case_id, target, record_version, idempotency_key, payload, status, created_at";

    /**
     * A case's new record for {@code target}: its version, idempotency key, payload and creation time; the outbox
     * message carries the key as {@code keyName} beside the record id.
     */
    public record NewRecord(DeliveryTarget target, String caseId, int version, String key, String keyName,
                            String payload, OffsetDateTime createdAt) {
    }

    /** How many records a case has for {@code target}: the next record's version is one more. */
    public int recordCount(DeliveryTarget target, String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbound_record WHERE case_id = :caseId AND target = :target")
                .param("caseId", caseId).param("target", target.name()).query(Integer.class).single();
    }

    /**
     * Stores {@code record} as PENDING and its outbox entry to the target's queue (duplicate-detection id
     * {@code label:key}), in one transaction joining the caller's. {@code beside} runs in between with the new record's
     * id, for what the caller stores with it (its own rows, the case event). Returns the record's id.
     */
    public long queue(NewRecord record, LongConsumer beside) {
        return Objects.requireNonNull(tx.execute(s -> {
            // the new record's id comes back with the INSERT (generated keys), not from a read of its own
            KeyHolder generated = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                      attempts, created_at, updated_at)
                    VALUES (:caseId, :target, :version, :key, :payload, :pending, 0, :now, :now)""")
                    .param("pending", OutboundStatus.PENDING.name())
                    .param("caseId", record.caseId()).param("target", record.target().name())
                    .param("version", record.version()).param("key", record.key())
                    .param("payload", record.payload()).param("now", record.createdAt())
                    .update(generated, "record_id");
            long recordId = Objects.requireNonNull(generated.getKey(), "no record_id generated").longValue();
            beside.accept(recordId);
            DeliveryTarget target = record.target();
            journal.enqueue(record.caseId(), target.queue(), target.label() + ":" + record.key(),
                    Map.of("recordId", recordId, record.keyName(), record.key()));
            return recordId;
        }));
    }

    /** The record a delivery message names, or null when it is no longer waiting (delivered, parked or dead). */
    public Pending next(DeliveryTarget target, String message) throws JsonProcessingException, DeliveryRetryException {
        long recordId = recordId(message);
        // the record and how many earlier versions of its case for its peer are not delivered yet, in one read
        record Waiting(Row row, int earlierWaiting) {
        }
        Waiting waiting = jdbc.sql("SELECT " + ROW_COLUMNS + ", " + """
                (SELECT COUNT(*) FROM outbound_record e WHERE e.case_id = r.case_id AND e.target = r.target
                  AND e.record_version < r.record_version AND e.status <> :delivered)
                FROM outbound_record r WHERE record_id = :id""")
                .param("delivered", OutboundStatus.DELIVERED.name()).param("id", recordId)
                .query((rs, i) -> new Waiting(row(rs), rs.getInt(9)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no outbound record " + recordId));
        Row row = waiting.row();
        if (row.target() != target) {
            throw new IllegalStateException("record " + recordId + " is for " + row.target() + ", not " + target);
        }
        if (row.status() != OutboundStatus.PENDING) {
            log.info("record {} is {}; message ignored", row.key(), row.status());
            return null;
        }
        if (waiting.earlierWaiting() > 0) {
            if (held(row)) {
                return null;
            }
            throw new DeliveryRetryException("an earlier version of this case is not delivered yet");
        }
        return new Pending(row.recordId(), row.caseId(), row.key(), row.payload(), row.target(), row.version(),
                row.createdAt());
    }

    /**
     * Holds {@code row} (PENDING → HELD) when an earlier version of its case's record for the same peer is PARKED, DEAD
     * or HELD: only an operator moves those on, so retrying behind them would only use up this version's schedule. An
     * earlier version still PENDING is on its way; the caller retries as before. The earlier rows are locked
     * ({@code FOR UPDATE}) while they are read, so that a replayed earlier version delivered at this moment either
     * waits for this hold to commit (and then releases it) or is seen here as no longer blocking.
     */
    private boolean held(Row row) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            List<OutboundStatus> earlier = jdbc.sql("""
                    SELECT status FROM outbound_record WHERE case_id = :caseId AND target = :target
                      AND record_version < :version ORDER BY record_version FOR UPDATE""")
                    .param("caseId", row.caseId()).param("target", row.target().name())
                    .param("version", row.version())
                    .query((rs, i) -> OutboundStatus.valueOf(rs.getString(1))).list();
            if (earlier.stream().noneMatch(OutboundStatus::blocksLaterVersions)) {
                return false;
            }
            int changed = jdbc.sql("""
                    UPDATE outbound_record SET status = :held, last_error = :why, updated_at = :now
                    WHERE record_id = :id AND status = :pending""")
                    .param("held", OutboundStatus.HELD.name()).param("pending", OutboundStatus.PENDING.name())
                    .param("why", "等待前序版本处理 / held behind an earlier version that is parked or dead")
                    .param("now", OffsetDateTime.now(clock)).param("id", row.recordId()).update();
            if (changed == 1) {
                journal.event(row.caseId(), row.target().heldEvent(), null, "gateway:forwarding",
                        "前序版本被搁置或转入死信，本版本排队等待 / held behind an earlier version that is parked or dead",
                        row.target().label() + " " + row.key());
                log.info("{} record {} HELD behind an earlier version", row.target().label(), row.key());
            }
            return true;
        }));
    }

    /**
     * After a record of {@code caseId} was delivered: when its case's lowest version not yet delivered for
     * {@code target} is HELD, puts it back to PENDING with a new message on the target's queue, in the caller's
     * transaction. The next one stays held until this one is delivered in turn, so held versions go out in order.
     */
    private void releaseNextHeld(String caseId, DeliveryTarget target) {
        Optional<Row> next = jdbc.sql("SELECT " + ROW_COLUMNS + " FROM outbound_record"
                + " WHERE case_id = :caseId AND target = :target AND status <> :delivered ORDER BY record_version")
                .param("caseId", caseId).param("target", target.name())
                .param("delivered", OutboundStatus.DELIVERED.name())
                .query((rs, i) -> row(rs))
                .list().stream().findFirst();
        if (next.isEmpty() || next.get().status() != OutboundStatus.HELD) {
            return;
        }
        Row held = next.get();
        int changed = jdbc.sql("""
                UPDATE outbound_record SET status = :pending, attempts = 0, updated_at = :now
                WHERE record_id = :id AND status = :held""")
                .param("pending", OutboundStatus.PENDING.name()).param("held", OutboundStatus.HELD.name())
                .param("now", OffsetDateTime.now(clock)).param("id", held.recordId()).update();
        if (changed == 0) {
            return;
        }
        int releases = jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = :caseId AND event_type = :type")
                .param("caseId", caseId).param("type", target.releasedEvent()).query(Integer.class).single();
        journal.event(caseId, target.releasedEvent(), null, "gateway:forwarding",
                "前序版本已送达，继续投递 / the earlier versions are delivered: sent on", target.label() + " " + held.key());
        journal.enqueue(caseId, target.queue(), target.label() + ":" + held.key() + ":released:" + (releases + 1),
                Map.of("recordId", held.recordId()));
        log.info("{} record {} released: the earlier versions are delivered", target.label(), held.key());
    }

    /** After a failed attempt of a delivery message: the next attempt's time, or dead once the schedule is used up. */
    public Retry failed(DeliveryTarget target, String message, Integer attemptHeader, String reason)
            throws JsonProcessingException {
        long recordId = recordId(message);
        int attempt = attemptHeader == null ? 1 : attemptHeader;
        String why = abbreviate(reason);
        if (attempt >= schedule.maxAttempts()) {
            if (settle(recordId, OutboundStatus.DEAD, why, target.deadEvent(), null,
                    "重试 " + attempt + " 次后转入死信队列 / dead-lettered after " + attempt + " attempts: " + why)) {
                return new Retry(true, 0, attempt, why, target.queue(), target.deadLetterQueue());
            }
            // another copy of the message settled the record meanwhile (delivered, parked, dead or replayed): no letter
            // for it; the copy sent back now finds the record settled and ends there
            log.info("{} record {} was settled by another copy of its message; its last failed attempt ({}) is not"
                    + " dead-lettered", target.label(), recordId, why);
            return new Retry(false, brokerTime.after(Duration.ZERO), attempt, why, target.queue(),
                    target.deadLetterQueue());
        }
        jdbc.sql("""
                UPDATE outbound_record SET attempts = :attempts, last_error = :why, updated_at = :now
                WHERE record_id = :id AND status = :pending""")
                .param("pending", OutboundStatus.PENDING.name()).param("attempts", attempt).param("why", why)
                .param("now", OffsetDateTime.now(clock)).param("id", recordId).update();
        metrics.retried(target.name());
        Duration delay = schedule.delayAfter(attempt);
        long at = brokerTime.after(delay);
        log.warn("{} delivery attempt {} of record {} failed, next in {} ms: {}", target.label(), attempt, recordId,
                delay.toMillis(), why);
        return new Retry(false, at, attempt + 1, why, target.queue(), target.deadLetterQueue());
    }

    /**
     * Settles a PENDING record as {@code to} (DELIVERED, PARKED or DEAD) with its case event, in one transaction
     * (joining the caller's, so a peer bean can store what the peer answered together with the settlement). The update
     * is guarded by the record's current status: a record no longer PENDING (settled by an earlier answer to the same
     * record, a redelivered message, a second instance) is left as it is, and nothing else happens: no event, no metric.
     * Returns whether this call settled it; callers do what a settlement triggers only when it did.
     */
    public boolean settle(long recordId, OutboundStatus to, String reason, String event, CaseState toState,
                          String eventReason) {
        return settle(recordId, null, to, reason, event, toState, eventReason);
    }

    /**
     * {@link #settle(long, Pending, OutboundStatus, String, String, CaseState, String, Consumer)} with nothing to do on
     * settlement.
     */
    public boolean settle(long recordId, Pending read, OutboundStatus to, String reason, String event,
                          CaseState toState, String eventReason) {
        return settle(recordId, read, to, reason, event, toState, eventReason, NOTHING_ON_SETTLEMENT);
    }

    private static final Consumer<Carried> NOTHING_ON_SETTLEMENT = carried -> { };

    /**
     * {@link #settle(long, OutboundStatus, String, String, CaseState, String)} of the record {@code read} as
     * {@link #next} gave it for this attempt (its case, peer, key, version and creation time never change, and the
     * update is guarded by the status all the same), so it is not read again; null reads it. Then, only when this
     * call settled the record, {@code onSettled} runs in the same transaction with the case and version the record
     * carries: what the settlement triggers (an event published, say).
     */
    public boolean settle(long recordId, Pending read, OutboundStatus to, String reason, String event,
                          CaseState toState, String eventReason, Consumer<Carried> onSettled) {
        if (to == OutboundStatus.PENDING) {
            throw new IllegalArgumentException("a record is settled as DELIVERED, PARKED or DEAD, not " + to);
        }
        if (read != null && read.recordId() != recordId) {
            throw new IllegalArgumentException("record " + read.recordId() + " given to settle record " + recordId);
        }
        Row row = read == null ? row(recordId) : new Row(read.recordId(), read.caseId(), read.target(), read.version(),
                read.idempotencyKey(), read.payload(), OutboundStatus.PENDING, read.createdAt());
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean settled = Boolean.TRUE.equals(tx.execute(s -> {
            int changed = jdbc.sql("""
                    UPDATE outbound_record SET status = :to, last_error = :reason, updated_at = :now,
                      delivered_at = CASE WHEN :delivering = 1 THEN :now ELSE delivered_at END
                    WHERE record_id = :id AND status = :pending""")
                    .param("to", to.name()).param("delivering", to == OutboundStatus.DELIVERED ? 1 : 0)
                    .param("pending", OutboundStatus.PENDING.name())
                    .param("reason", reason).param("now", now).param("id", recordId).update();
            if (changed == 0) {
                return false;
            }
            journal.event(row.caseId(), event, toState, "gateway:forwarding", eventReason,
                    row.target().label() + " " + row.key());
            // the latency is measured from the row read above to the delivery time just written: nothing read back
            metrics.settled(row.target().name(), to.name(), row.createdAt(), now);
            if (to == OutboundStatus.DELIVERED) {
                releaseNextHeld(row.caseId(), row.target());
            }
            onSettled.accept(new Carried(row.recordId(), row.caseId(), row.version()));
            return true;
        }));
        if (settled) {
            log.info("{} record {} {}", row.target().label(), row.key(), to);
        } else {
            log.info("{} record {} is no longer {}: not settled as {} again", row.target().label(), row.key(),
                    OutboundStatus.PENDING, to);
        }
        return settled;
    }

    /** Which case and record version an outbound record carries. */
    public record Carried(long recordId, String caseId, int version) {
    }

    /** Records of one status, of one target or of all. */
    public List<RecordView> records(Optional<DeliveryTarget> target, OutboundStatus status) {
        return jdbc.sql("""
                SELECT r.record_id, r.target, r.case_id, c.sblsh, r.record_version, r.status, r.attempts, r.last_error,
                  r.updated_at
                FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id
                WHERE r.status = :status AND (:target = '*' OR r.target = :target) ORDER BY r.record_id""")
                .param("status", status.name()).param("target", target.map(Enum::name).orElse("*"))
                .query((rs, i) -> new RecordView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), OutboundStatus.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
    }

    /**
     * Puts parked or dead records (one, or all of a status, of one target or of all) back on their delivery queue. Each
     * is moved back to PENDING only from the status asked for, so two operators replaying the same record at once queue it
     * once. The copies a replayed record left in a dead-letter queue (its peer's {@code .DLQ}, or the broker's
     * {@code bridge.dead-letter}) are removed once it is back, so that the dead-letter depth returns to 0. Returns how
     * many records were put back.
     */
    public int replay(Optional<DeliveryTarget> target, Optional<Long> onlyRecordId, OutboundStatus status,
                      String operator) {
        if (!status.replayable()) {
            throw new IllegalArgumentException("only PARKED or DEAD records are replayed, not " + status);
        }
        List<RecordView> records = records(target, status).stream()
                .filter(r -> onlyRecordId.map(id -> id == r.recordId()).orElse(true)).toList();
        int replayed = 0;
        Map<String, java.util.Set<Long>> back = new java.util.HashMap<>();
        for (RecordView r : records) {
            DeliveryTarget of = DeliveryTarget.valueOf(r.target());
            int before = replayed;
            replayed += Objects.requireNonNull(tx.execute(s -> {
                int changed = jdbc.sql("""
                        UPDATE outbound_record SET status = :pending, attempts = 0, updated_at = :now
                        WHERE record_id = :id AND status = :from""")
                        .param("pending", OutboundStatus.PENDING.name()).param("from", status.name())
                        .param("now", OffsetDateTime.now(clock)).param("id", r.recordId()).update();
                if (changed == 0) {
                    return 0;
                }
                int replays = jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = :caseId AND event_type = :type")
                        .param("caseId", r.caseId()).param("type", of.replayedEvent()).query(Integer.class).single();
                journal.event(r.caseId(), of.replayedEvent(), null, "operator:" + operator,
                        "重新投递 / replayed from " + status, null);
                journal.enqueue(r.caseId(), of.queue(), of.label() + ":" + r.recordId() + ":replay:" + (replays + 1),
                        Map.of("recordId", r.recordId()));
                return 1;
            }));
            if (replayed > before) {
                back.computeIfAbsent(of.queue(), q -> new java.util.HashSet<>()).add(r.recordId());
            }
        }
        removeDeadLetterCopies(back);
        return replayed;
    }

    /**
     * Removes the dead letters that carry a replayed record (by the queue they came from, then the record ids put
     * back on it), in one pass over the dead-letter queues however many records were replayed.
     */
    private void removeDeadLetterCopies(Map<String, java.util.Set<Long>> replayedByQueue) {
        if (replayedByQueue.isEmpty()) {
            return;
        }
        int removed = deadLetters.removeAll(letter -> letter.origin() != null
                && replayedByQueue.containsKey(letter.origin())
                && recordIdOf(letter.body()).map(replayedByQueue.get(letter.origin())::contains).orElse(false));
        if (removed > 0) {
            log.info("{} dead-letter cop{} of replayed records removed", removed, removed == 1 ? "y" : "ies");
        }
    }

    /** The record id a delivery message carries, empty for any other body (a case event, unreadable JSON). */
    public Optional<Long> recordIdOf(String message) {
        try {
            com.fasterxml.jackson.databind.JsonNode id = json.readTree(message == null ? "" : message).path("recordId");
            return id.canConvertToLong() ? Optional.of(id.asLong()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * Why an attempt failed, for operators: the exception and, where it wraps others (a transport fault around the
     * peer's HTTP status, say), each cause that says something new; "Fault: Could not send Message. / caused by
     * HTTPException: HTTP response '503: …'".
     */
    public String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (depth > 0 && !message.isEmpty() && reason.indexOf(message) >= 0) {
                continue;
            }
            reason.append(depth == 0 ? "" : " / caused by ").append(t.getClass().getSimpleName()).append(": ")
                    .append(message);
        }
        return abbreviate(reason.toString());
    }

    private long recordId(String message) throws JsonProcessingException {
        return json.readTree(message).get("recordId").asLong();
    }

    private Row row(long recordId) {
        return jdbc.sql("SELECT " + ROW_COLUMNS + " FROM outbound_record WHERE record_id = :id")
                .param("id", recordId)
                .query((rs, i) -> row(rs))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no outbound record " + recordId));
    }

    /** A record from the first eight columns of a row, {@link #ROW_COLUMNS}. */
    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getString(2), DeliveryTarget.valueOf(rs.getString(3)), rs.getInt(4),
                rs.getString(5), rs.getString(6), OutboundStatus.valueOf(rs.getString(7)),
                rs.getObject(8, OffsetDateTime.class));
    }

    /** Whitespace flattened and cut at 500 characters, for reasons stored and logged. */
    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() <= 500 ? flat : flat.substring(0, 500) + "…";
    }
}
