package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.events.DeliveredToSkills;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbound records to the skills system: in version order per case, each with its idempotency key and an SM2
 * signature over the exact bytes sent.
 * 2xx with a readable acknowledgement is delivered (and {@link DeliveredToSkills} published in the same transaction:
 * the workflow moves the case); 4xx other than 408/429 parks the record with the peer's error;
 * everything else is retried on the configured schedule and, past it, dead-lettered with the last reason
 * ({@link Deliveries}, shared with the other targets).
 */
@Component("skillsDelivery")
public class SkillsDelivery {

    public static final String QUEUE = DeliveryTarget.SKILLS.queue();
    public static final String DEAD_LETTER_QUEUE = DeliveryTarget.SKILLS.deadLetterQueue();

    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final MessageSigner signer;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SkillsDelivery(Deliveries deliveries, ObjectMapper json, MessageSigner signer, TransactionTemplate tx,
                   ApplicationEventPublisher events, Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.signer = signer;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** What to send now: the exact body bytes and the SM2 signature over them (X-Signature-Alg/-Cert/X-Signature). */
    public record Outgoing(long recordId, String caseId, String idempotencyKey, byte[] body, String signatureAlgorithm,
                           String signatureCertificate, String signature) {
    }

    /** The record a delivery message names, or null when it is no longer waiting (delivered, parked or dead). */
    public Outgoing next(String message) throws JsonProcessingException, DeliveryRetryException, SigningException {
        Deliveries.Pending pending = deliveries.next(DeliveryTarget.SKILLS, message);
        if (pending == null) {
            return null;
        }
        byte[] body = pending.payload().getBytes(StandardCharsets.UTF_8);
        DetachedSignature signature = signer.sign(body);
        return new Outgoing(pending.recordId(), pending.caseId(), pending.idempotencyKey(), body,
                signature.algorithm(), signature.certificateSerial(), signature.base64());
    }

    /** Judges the peer's answer. */
    public void outcome(long recordId, Integer status, String body) throws DeliveryRetryException {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            if (!readableAcknowledgement(body)) {
                throw new DeliveryRetryException("HTTP " + code + " with an unreadable acknowledgement: "
                        + Deliveries.abbreviate(body));
            }
            Deliveries.Carried carried = deliveries.carried(recordId);
            tx.executeWithoutResult(s -> {
                deliveries.settle(recordId, "DELIVERED", null, DeliveryTarget.SKILLS.deliveredEvent(), null,
                        "已送达四川技能人才管理信息系统 / delivered");
                events.publishEvent(new DeliveredToSkills(carried.caseId(), carried.version(),
                        OffsetDateTime.now(clock)));
            });
            return;
        }
        if (code >= 400 && code < 500 && code != 408 && code != 429) {
            String reason = "HTTP " + code + ": " + Deliveries.abbreviate(body);
            deliveries.settle(recordId, "PARKED", reason, DeliveryTarget.SKILLS.parkedEvent(), null,
                    "对方拒收，待人工处理 / refused by the peer: " + reason);
            return;
        }
        throw new DeliveryRetryException("HTTP " + code + ": " + Deliveries.abbreviate(body));
    }

    /** Skills records of one status. */
    public List<Deliveries.RecordView> records(String status) {
        return deliveries.records(Optional.of(DeliveryTarget.SKILLS), status);
    }

    /** Puts parked or dead skills records (one, or all of a status) back on the delivery queue. */
    public int replay(Optional<Long> onlyRecordId, String status, String operator) {
        return deliveries.replay(Optional.of(DeliveryTarget.SKILLS), onlyRecordId, status, operator);
    }

    private boolean readableAcknowledgement(String body) {
        try {
            JsonNode ack = body == null ? null : json.readTree(body);
            return ack != null && ack.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
