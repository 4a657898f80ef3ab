package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.intake.CaseJournal;
import cn.gov.sc.rst.filingbridge.intake.CaseState;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.wiring.BrokerTime;
import java.nio.charset.StandardCharsets;
import cn.gov.sc.rst.filingbridge.wiring.DeliveryProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbound records to the skills system: in version order per case, each with its idempotency key and an SM2
 * signature over the exact bytes sent.
 * 2xx with a readable acknowledgement is delivered; 4xx other than 408/429 parks the record with the peer's error;
 * everything else is retried on the configured schedule and, past it, dead-lettered with the last reason.
 */
@Component("skillsDelivery")
public class SkillsDelivery {

    private static final Logger log = LoggerFactory.getLogger(SkillsDelivery.class);
    public static final String QUEUE = "bridge.skills.deliveries";
    public static final String DEAD_LETTER_QUEUE = QUEUE + ".DLQ";

    private final JdbcClient jdbc;
    private final CaseJournal journal;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final DeliveryProperties schedule;
    private final Clock clock;
    private final BrokerTime brokerTime;
    private final MessageSigner signer;

    SkillsDelivery(JdbcClient jdbc, CaseJournal journal, TransactionTemplate tx, ObjectMapper json,
                   DeliveryProperties schedule, Clock clock, BrokerTime brokerTime, MessageSigner signer) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.tx = tx;
        this.json = json;
        this.schedule = schedule;
        this.clock = clock;
        this.brokerTime = brokerTime;
        this.signer = signer;
    }

    /** What to send now: the exact body bytes and the SM2 signature over them (X-Signature-Alg/-Cert/X-Signature). */
    public record Outgoing(long recordId, String caseId, String idempotencyKey, byte[] body, String signatureAlgorithm,
                           String signatureCertificate, String signature) {
    }

    /** What to do after a failed attempt: try again at {@code at} (epoch ms, broker time) as attempt {@code next}, or give up. */
    public record Retry(boolean dead, long at, int next, String reason) {
    }

    /** A record as operators see it. */
    public record RecordView(long recordId, String caseId, String sblsh, int version, String status, int attempts,
                             String lastError, OffsetDateTime updatedAt) {
    }

    private record Row(long recordId, String caseId, int version, String key, String payload, String status) {
    }

    /** The record a delivery message names, or null when it is no longer waiting (delivered, parked or dead). */
    public Outgoing next(String message) throws JsonProcessingException, DeliveryRetryException, SigningException {
        long recordId = json.readTree(message).get("recordId").asLong();
        Row row = row(recordId).orElseThrow(() -> new IllegalStateException("no outbound record " + recordId));
        if (!"PENDING".equals(row.status())) {
            log.info("record {} is {}; message ignored", row.key(), row.status());
            return null;
        }
        int earlierWaiting = jdbc.sql("""
                SELECT COUNT(*) FROM outbound_record WHERE case_id = :caseId AND target = 'SKILLS'
                  AND record_version < :version AND status <> 'DELIVERED'""")
                .param("caseId", row.caseId()).param("version", row.version()).query(Integer.class).single();
        if (earlierWaiting > 0) {
            throw new DeliveryRetryException("an earlier version of this case is not delivered yet");
        }
        byte[] body = row.payload().getBytes(StandardCharsets.UTF_8);
        DetachedSignature signature = signer.sign(body);
        return new Outgoing(row.recordId(), row.caseId(), row.key(), body, signature.algorithm(),
                signature.certificateSerial(), signature.base64());
    }

    /** Judges the peer's answer. */
    public void outcome(long recordId, Integer status, String body) throws DeliveryRetryException {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            if (!readableAcknowledgement(body)) {
                throw new DeliveryRetryException("HTTP " + code + " with an unreadable acknowledgement: " + abbreviate(body));
            }
            settle(recordId, "DELIVERED", null, "delivered", CaseState.FORWARDED, "已送达四川技能人才管理信息系统 / delivered");
            return;
        }
        if (code >= 400 && code < 500 && code != 408 && code != 429) {
            String reason = "HTTP " + code + ": " + abbreviate(body);
            settle(recordId, "PARKED", reason, "delivery-parked", null, "对方拒收，待人工处理 / refused by the peer: " + reason);
            return;
        }
        throw new DeliveryRetryException("HTTP " + code + ": " + abbreviate(body));
    }

    /** After a failed attempt of a delivery message: the next attempt's time, or dead once the schedule is used up. */
    public Retry failed(String message, Integer attemptHeader, String reason) throws JsonProcessingException {
        long recordId = json.readTree(message).get("recordId").asLong();
        int attempt = attemptHeader == null ? 1 : attemptHeader;
        String why = abbreviate(reason);
        if (attempt >= schedule.maxAttempts()) {
            settle(recordId, "DEAD", why, "delivery-dead", null,
                    "重试 " + attempt + " 次后转入死信队列 / dead-lettered after " + attempt + " attempts: " + why);
            return new Retry(true, 0, attempt, why);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("UPDATE outbound_record SET attempts = :attempts, last_error = :why, updated_at = :now WHERE record_id = :id")
                .param("attempts", attempt).param("why", why).param("now", now).param("id", recordId).update();
        java.time.Duration delay = schedule.delayAfter(attempt);
        long at = brokerTime.after(delay);
        log.warn("delivery attempt {} of record {} failed, next in {} ms: {}", attempt, recordId, delay.toMillis(), why);
        return new Retry(false, at, attempt + 1, why);
    }

    public List<RecordView> records(String status) {
        return jdbc.sql("""
                SELECT r.record_id, r.case_id, c.sblsh, r.record_version, r.status, r.attempts, r.last_error, r.updated_at
                FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id
                WHERE r.target = 'SKILLS' AND r.status = :status ORDER BY r.record_id""")
                .param("status", status)
                .query((rs, i) -> new RecordView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    /** Puts parked or dead records (one, or all of a status) back on the delivery queue. */
    public int replay(Optional<Long> onlyRecordId, String status, String operator) {
        List<RecordView> records = records(status).stream()
                .filter(r -> onlyRecordId.map(id -> id == r.recordId()).orElse(true)).toList();
        for (RecordView r : records) {
            tx.executeWithoutResult(s -> {
                jdbc.sql("""
                        UPDATE outbound_record SET status = 'PENDING', attempts = 0, updated_at = :now
                        WHERE record_id = :id""").param("now", OffsetDateTime.now(clock)).param("id", r.recordId()).update();
                int replays = jdbc.sql("SELECT COUNT(*) FROM case_event WHERE case_id = :caseId AND event_type = 'delivery-replayed'")
                        .param("caseId", r.caseId()).query(Integer.class).single();
                journal.event(r.caseId(), "delivery-replayed", null, "operator:" + operator,
                        "重新投递 / replayed from " + status, null);
                journal.enqueue(r.caseId(), QUEUE,
                        "skills:" + r.recordId() + ":replay:" + (replays + 1),
                        java.util.Map.of("recordId", r.recordId()));
            });
        }
        return records.size();
    }

    private void settle(long recordId, String status, String reason, String event, CaseState toState, String eventReason) {
        Row row = row(recordId).orElseThrow(() -> new IllegalStateException("no outbound record " + recordId));
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    UPDATE outbound_record SET status = :status, last_error = :reason, updated_at = :now,
                      delivered_at = CASE WHEN :status = 'DELIVERED' THEN :now ELSE delivered_at END
                    WHERE record_id = :id""")
                    .param("status", status).param("reason", reason).param("now", now).param("id", recordId).update();
            journal.event(row.caseId(), event, toState, "gateway:forwarding", eventReason, "skills " + row.key());
        });
        log.info("record {} {}", row.key(), status);
    }

    private boolean readableAcknowledgement(String body) {
        try {
            JsonNode ack = body == null ? null : json.readTree(body);
            return ack != null && ack.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private Optional<Row> row(long recordId) {
        return jdbc.sql("""
                SELECT record_id, case_id, record_version, idempotency_key, payload, status
                FROM outbound_record WHERE record_id = :id""")
                .param("id", recordId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .optional();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() <= 500 ? flat : flat.substring(0, 500) + "…";
    }
}
