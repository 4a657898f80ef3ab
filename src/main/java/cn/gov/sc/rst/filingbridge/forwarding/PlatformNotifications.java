package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.events.CaseReceived;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns case events into the platform's messages waiting for delivery, in the publisher's transaction: each message is
 * the case's next PLATFORM outbound record (its own version sequence, idempotency key {@code caseId:platform:version})
 * with an outbox entry to {@code bridge.platform.feedback}, like every other peer's records.
 *
 * <ul>
 *   <li>{@link CaseReceived} → SLZTDM 1 受理; a 补正 is acknowledged too, under its own SBLSH;</li>
 *   <li>{@link SupplementRequested} → SPBUZHENGGAOZHI with every material at once, then the SMS request to LXRSJ;</li>
 *   <li>{@link CaseCompleted} → BJJGDM with the result notice of {@link CompletionNotices}.</li>
 * </ul>
 * One message per case and event: the same event again queues nothing.
 */
@Component
class PlatformNotifications {

    static final String FEEDBACK = "FEEDBACK";
    static final String SMS = "SMS";
    private static final Logger log = LoggerFactory.getLogger(PlatformNotifications.class);

    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final PlatformFeedback messages;
    private final ObjectProvider<CompletionNotices> notices;
    private final Clock clock;

    PlatformNotifications(Deliveries deliveries, JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json,
                          ObjectProvider<CompletionNotices> notices, Clock clock) {
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.messages = new PlatformFeedback(json);
        this.notices = notices;
        this.clock = clock;
    }

    @EventListener
    void received(CaseReceived event) {
        try (CaseLogContext ignored = CaseLogContext.sblsh(event.sblsh())) {
            queue(event.caseId(), FEEDBACK, "SLZTDM", messages.acceptance(event));
        }
    }

    @EventListener
    void supplementRequested(SupplementRequested event) {
        try (CaseLogContext ignored = CaseLogContext.sblsh(event.sblsh())) {
            String decided = event.decidedAt().toInstant().toString();
            ObjectNode notice = messages.supplementNotice(event);
            String authority = jdbc.sql("SELECT authority_name FROM filing_case WHERE case_id = :caseId")
                    .param("caseId", event.caseId()).query(String.class).optional().orElse(null);
            ObjectNode sms = messages.smsRequest(event, authority);
            tx.executeWithoutResult(s -> {
                queue(event.caseId(), FEEDBACK, "SPBUZHENGGAOZHI:" + decided, notice);
                queue(event.caseId(), SMS, "SMS:" + decided, sms);
            });
            // masked here, not only by the log pattern's converter: a log set up without it must not get the number
            log.info("one-time supplement notice of {} material(s) queued, SMS to {}", event.materials().size(),
                    cn.gov.sc.rst.filingbridge.wiring.PersonalData.mask(event.contactMobile()));
        }
    }

    @EventListener
    void completed(CaseCompleted event) {
        try (CaseLogContext ignored = CaseLogContext.sblsh(event.sblsh())) {
            CompletionNotices source = notices.getIfAvailable();
            if (source == null) {
                throw new PlatformFeedbackException("no CompletionNotices bean: the completion of " + event.sblsh()
                        + " cannot be told to the platform without its result notice");
            }
            queue(event.caseId(), FEEDBACK, "BJJGDM:" + event.bjjgdm(),
                    messages.completion(event, source.notice(event)));
        }
    }

    private void queue(String caseId, String kind, String sourceEvent, ObjectNode message) {
        String payload;
        try {
            payload = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new PlatformFeedbackException("the platform message " + sourceEvent + " cannot be written", e);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            // whether this event's message is queued already, and how many platform records the case has: one read
            record Queued(int same, int records) {
            }
            Queued queued = jdbc.sql("""
                    SELECT (SELECT COUNT(*) FROM platform_message WHERE case_id = :caseId AND source_event = :event),
                      (SELECT COUNT(*) FROM outbound_record WHERE case_id = :caseId AND target = :target)""")
                    .param("caseId", caseId).param("event", sourceEvent)
                    .param("target", DeliveryTarget.PLATFORM.name())
                    .query((rs, i) -> new Queued(rs.getInt(1), rs.getInt(2))).single();
            if (queued.same() > 0) {
                log.info("platform message {} already queued; event ignored", sourceEvent);
                return;
            }
            int version = queued.records() + 1;
            String key = caseId + ":platform:" + version;
            deliveries.queue(new Deliveries.NewRecord(DeliveryTarget.PLATFORM, caseId, version, key, "key", payload, now),
                    recordId -> jdbc.sql("""
                            INSERT INTO platform_message (record_id, case_id, message_kind, source_event)
                            VALUES (:id, :caseId, :kind, :event)""")
                            .param("id", recordId).param("caseId", caseId).param("kind", kind)
                            .param("event", sourceEvent).update());
            log.info("platform {} {} queued as version {}", kind.toLowerCase(), sourceEvent, version);
        });
    }
}
