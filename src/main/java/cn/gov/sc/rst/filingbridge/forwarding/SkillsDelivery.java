package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.events.DeliveredToSkills;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Delivers outbound records to the skills system: in version order per case, each with its idempotency key and an SM2
 * signature over the exact bytes sent.
 * Its answer is judged by {@link HttpOutcome}, as every HTTP peer's: delivered publishes {@link DeliveredToSkills} in
 * the same transaction (the workflow moves the case); parked keeps the peer's error; retried runs the configured
 * schedule and, past it, dead-letters with the last reason ({@link Deliveries}, shared with the other targets).
 */
@Component("skillsDelivery")
public class SkillsDelivery implements HttpPeer {

    public static final String QUEUE = DeliveryTarget.SKILLS.queue();
    public static final String DEAD_LETTER_QUEUE = DeliveryTarget.SKILLS.deadLetterQueue();
    /** The path records are POSTed to under {@code bridge.skills.base-url}. */
    public static final String PATH = "/api/v1/institution-filings";

    private final Deliveries deliveries;
    private final ObjectMapper json;
    private final MessageSigner signer;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SkillsDelivery(Deliveries deliveries, ObjectMapper json, MessageSigner signer, ApplicationEventPublisher events,
                   Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.signer = signer;
        this.events = events;
        this.clock = clock;
    }

    /** The record a delivery message names, signed (SM2 over the exact bytes), or null when it is no longer waiting. */
    @Override
    public HttpPeerRequest next(String message) throws JsonProcessingException, DeliveryRetryException, SigningException {
        Deliveries.Pending pending = deliveries.next(DeliveryTarget.SKILLS, message);
        if (pending == null) {
            return null;
        }
        byte[] body = pending.payload().getBytes(StandardCharsets.UTF_8);
        return HttpPeerRequest.signedJson(pending, PATH, body, signer.sign(body));
    }

    /**
     * Takes the skills system's answer as {@link HttpOutcome} judges it. Delivered publishes {@link DeliveredToSkills}
     * in the settlement's transaction, and only when this answer settled the record.
     */
    @Override
    public void outcome(HttpPeerRequest request, Integer status, String body, Map<String, Object> answerHeaders)
            throws DeliveryRetryException {
        long recordId = request.recordId();
        HttpOutcome outcome = HttpOutcome.judge(status, body, json);
        // an acknowledgement that names another record's key is not this record's (an answer crossed in a proxy, a
        // cache): not delivered; an acknowledgement without a key is taken as before
        String acknowledged = outcome.acknowledgement().map(ack -> ack.path("idempotencyKey"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
        if (outcome.verdict() == HttpOutcome.Verdict.DELIVERED && acknowledged != null
                && !acknowledged.equals(request.record().idempotencyKey())) {
            throw new DeliveryRetryException("HTTP " + outcome.status() + " acknowledging idempotency key " + acknowledged
                    + ", not this record's " + request.record().idempotencyKey() + ": not believed");
        }
        switch (outcome.verdict()) {
            case DELIVERED -> deliveries.settle(recordId, request.record(), OutboundStatus.DELIVERED, null,
                    DeliveryTarget.SKILLS.deliveredEvent(), null, "已送达四川技能人才管理信息系统 / delivered",
                    carried -> events.publishEvent(new DeliveredToSkills(carried.caseId(), carried.version(),
                            OffsetDateTime.now(clock))));
            case PARKED -> deliveries.settle(recordId, request.record(), OutboundStatus.PARKED, outcome.reason(),
                    DeliveryTarget.SKILLS.parkedEvent(), null, "对方拒收，待人工处理 / refused by the peer: " + outcome.reason());
            case RETRY -> throw outcome.retry();
        }
    }

    /** Skills records of one status. */
    public List<Deliveries.RecordView> records(OutboundStatus status) {
        return deliveries.records(Optional.of(DeliveryTarget.SKILLS), status);
    }

    /** Puts parked or dead skills records (one, or all of a status) back on the delivery queue. */
    public int replay(Optional<Long> onlyRecordId, OutboundStatus status, String operator) {
        return deliveries.replay(Optional.of(DeliveryTarget.SKILLS), onlyRecordId, status, operator);
    }
}
