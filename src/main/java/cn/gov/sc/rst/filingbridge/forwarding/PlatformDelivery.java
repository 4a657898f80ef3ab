package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.events.SupplementNoticeSent;
import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.intake.WindowSignature;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.signing.SigningProperties;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import cn.gov.sc.rst.filingbridge.wiring.MaskingConverter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the platform's messages ({@link PlatformNotifications}): status feedback to
 * {@code /api/v1/case-feedback}, SMS requests to {@code /api/v1/sms-requests}, in version order per case, each with its
 * idempotency key and an SM2 signature over the exact bytes sent. Its answer is judged by {@link HttpOutcome}, as every
 * HTTP peer's: delivered (for an SMS request, only with a readable {@code sentAt}: then the case records
 * {@code sms-sent} and {@link SupplementNoticeSent} is published in the same transaction; a {@code sentAt} before the
 * request was sent, or later than now plus {@code bridge.intake.timestamp-tolerance}, is not believed and the request is
 * retried), parked, or retried and, past the schedule, dead-lettered. An answer (2xx or a parking 4xx) counts only when authenticated like
 * the platform's own requests: X-App-Id {@code bridge.platform.answer-app-id}, X-Timestamp, X-Nonce and X-App-Signature,
 * HMAC-SM3 with that app's secret over status, path, Idempotency-Key, timestamp, nonce and the SM3 of the answer
 * ({@link WindowSignature#signAnswer}); any other answer is not believed and retried ({@link Deliveries}, shared with the other targets).
 */
@Component("platformDelivery")
public class PlatformDelivery implements HttpPeer {

    public static final String QUEUE = DeliveryTarget.PLATFORM.queue();
    public static final String DEAD_LETTER_QUEUE = DeliveryTarget.PLATFORM.deadLetterQueue();
    public static final String FEEDBACK_PATH = "/api/v1/case-feedback";
    public static final String SMS_PATH = "/api/v1/sms-requests";
    /** The peer name under {@code bridge.signing.peer-formats}. */
    static final String PEER = "platform";

    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final CaseJournal journal;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MessageSigner signer;
    private final SigningProperties signing;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration tolerance;
    private final BridgeProperties bridge;
    private final String answerAppId;

    PlatformDelivery(Deliveries deliveries, JdbcClient jdbc, CaseJournal journal, TransactionTemplate tx,
                     ObjectMapper json, MessageSigner signer, SigningProperties signing,
                     ApplicationEventPublisher events, Clock clock, BridgeProperties bridge,
                     @Value("${bridge.platform.answer-app-id:}") String answerAppId) {
        this.bridge = bridge;
        this.answerAppId = answerAppId;
        this.clock = clock;
        this.tolerance = bridge.intake().timestampTolerance();
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.journal = journal;
        this.tx = tx;
        this.json = json;
        this.signer = signer;
        this.signing = signing;
        this.events = events;
    }

    /** A platform message: its case, kind and source event. */
    private record Message(String caseId, String kind, String sourceEvent) {
    }

    /**
     * The record a delivery message names, signed (SM2 over the exact bytes, in the platform's signature format) and
     * addressed by its kind (status feedback or SMS request), or null when it is no longer waiting.
     */
    @Override
    public HttpPeerRequest next(String message) throws JsonProcessingException, DeliveryRetryException, SigningException {
        Deliveries.Pending pending = deliveries.next(DeliveryTarget.PLATFORM, message);
        if (pending == null) {
            return null;
        }
        byte[] body = pending.payload().getBytes(StandardCharsets.UTF_8);
        DetachedSignature signature = signer.sign(body, signing.formatFor(PEER));
        Message m = message(pending.recordId());
        String path = PlatformNotifications.SMS.equals(m.kind()) ? SMS_PATH : FEEDBACK_PATH;
        // the message travels with the request to the answer (outcome), which needs it again
        return HttpPeerRequest.signedJson(pending, path, body, signature, m);
    }

    /**
     * Takes the platform's answer as {@link HttpOutcome} judges it, once the answer is authenticated where it decides
     * anything (2xx, or a parking 4xx). What the platform said is kept for operators with mobiles and ID numbers
     * masked: an answer to an SMS request may echo the contact mobile.
     */
    @Override
    public void outcome(HttpPeerRequest request, Integer status, String body, Map<String, Object> answerHeaders)
            throws DeliveryRetryException {
        long recordId = request.recordId();
        HttpOutcome outcome = HttpOutcome.judge(status, body, json);
        if (outcome.decisive()) {
            authenticate(outcome.status(), body, request.idempotencyKey(), request.path(),
                    header(answerHeaders, "X-App-Id"), header(answerHeaders, "X-Timestamp"),
                    header(answerHeaders, "X-Nonce"), header(answerHeaders, "X-App-Signature"));
        }
        String reason = MaskingConverter.mask(outcome.reason());
        switch (outcome.verdict()) {
            case DELIVERED -> {
                Message m = request.context() instanceof Message known ? known : message(recordId);
                if (PlatformNotifications.SMS.equals(m.kind())) {
                    smsSent(recordId, request.record(), m, outcome.status(), outcome.acknowledgement().orElseThrow());
                } else {
                    deliveries.settle(recordId, request.record(), OutboundStatus.DELIVERED, null,
                            DeliveryTarget.PLATFORM.deliveredEvent(), null,
                            "已反馈四川政务服务网：" + m.sourceEvent() + " / platform feedback delivered");
                }
            }
            case PARKED -> deliveries.settle(recordId, request.record(), OutboundStatus.PARKED, reason,
                    DeliveryTarget.PLATFORM.parkedEvent(), null, "政务服务网拒收，待人工处理 / refused by the platform: " + reason);
            case RETRY -> throw new DeliveryRetryException(reason);
        }
    }

    /** An answer header's value (the message's headers are case-insensitive; a plain map is asked as given). */
    private static String header(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    private void authenticate(int code, String body, String idempotencyKey, String path, String appId,
                              String timestamp, String nonce, String signature) throws DeliveryRetryException {
        // the named answering app, or (none named) any configured platform app: answers are signed like requests
        String by = answerAppId == null || answerAppId.isBlank() ? appId : answerAppId;
        if (timestamp == null || nonce == null || signature == null || by == null || !by.equals(appId)) {
            throw new DeliveryRetryException("HTTP " + code + " not believed: the answer is not authenticated"
                    + " (X-App-Id " + appId + (answerAppId == null || answerAppId.isBlank() ? ""
                    : ", expected " + answerAppId) + "; X-Timestamp, X-Nonce and X-App-Signature required)");
        }
        BridgeProperties.App app = bridge.platform().apps().get(by);
        if (app == null || app.secret() == null || app.secret().isBlank()) {
            throw new DeliveryRetryException("HTTP " + code + " not believed: X-App-Id " + by + " is not a configured"
                    + " platform app with a secret (bridge.platform.apps." + by + ".secret)");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String expected = WindowSignature.signAnswer(app.secret(), code, path, idempotencyKey, timestamp, nonce, bytes);
        if (!WindowSignature.matches(expected, signature)) {
            throw new DeliveryRetryException("HTTP " + code + " not believed: X-App-Signature does not match the answer"
                    + " (HMAC-SM3 of app " + by + ")");
        }
    }

    /** Platform records of one status. */
    public List<Deliveries.RecordView> records(OutboundStatus status) {
        return deliveries.records(Optional.of(DeliveryTarget.PLATFORM), status);
    }

    /** Puts parked or dead platform records (one, or all of a status) back on the delivery queue. */
    public int replay(Optional<Long> onlyRecordId, OutboundStatus status, String operator) {
        return deliveries.replay(Optional.of(DeliveryTarget.PLATFORM), onlyRecordId, status, operator);
    }

    private void smsSent(long recordId, Deliveries.Pending read, Message m, int code, JsonNode ack)
            throws DeliveryRetryException {
        OffsetDateTime sentAt;
        try {
            sentAt = OffsetDateTime.parse(ack.path("sentAt").asText(""));
        } catch (DateTimeParseException e) {
            throw new DeliveryRetryException("HTTP " + code + " without a readable sentAt: "
                    + MaskingConverter.mask(Deliveries.abbreviate(ack.toString())));
        }
        Instant latest = clock.instant().plus(tolerance);
        if (sentAt.toInstant().isAfter(latest)) {
            throw new DeliveryRetryException("HTTP " + code + " with sentAt " + sentAt + " later than now plus the"
                    + " timestamp tolerance (" + OffsetDateTime.ofInstant(latest, clock.getZone())
                    + "): not believed");
        }
        // the SMS may have gone out on an earlier attempt whose answer was lost: the platform then repeats that sentAt,
        // so the bound is when the request was first sendable (the record queued), not this attempt; less the same
        // tolerance for the platform's clock as above, or a platform a second behind would never be believed (its
        // answer to the same key stays the same)
        OffsetDateTime queued = read.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime();
        if (sentAt.toInstant().isBefore(queued.toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(tolerance))) {
            throw new DeliveryRetryException("HTTP " + code + " with sentAt " + sentAt + " before the request was sent"
                    + " (queued " + queued + ", less the timestamp tolerance): not believed");
        }
        // a sentAt before the request only by the platform's clock never shortens the applicant's window
        OffsetDateTime clockStart = sentAt.toInstant().isBefore(queued.toInstant()) ? queued : sentAt;
        tx.executeWithoutResult(s -> {
            if (!deliveries.settle(recordId, read, OutboundStatus.DELIVERED, null, DeliveryTarget.PLATFORM.deliveredEvent(),
                    null, "政务服务网已受理短信请求：" + m.sourceEvent() + " / SMS request delivered")) {
                return;
            }
            jdbc.sql("UPDATE platform_message SET sms_sent_at = :sentAt WHERE record_id = :id")
                    .param("sentAt", sentAt).param("id", recordId).update();
            journal.event(m.caseId(), "sms-sent", null, "platform",
                    "一次性告知短信已发送，发送时间 " + PlatformFeedback.time(sentAt) + " / one-time notice SMS sent at "
                            + sentAt, DeliveryTarget.PLATFORM.label() + " " + m.sourceEvent());
            events.publishEvent(new SupplementNoticeSent(m.caseId(), clockStart));
        });
    }

    private Message message(long recordId) {
        return jdbc.sql("""
                SELECT case_id, message_kind, source_event FROM platform_message WHERE record_id = :id""")
                .param("id", recordId)
                .query((rs, i) -> new Message(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no platform message for outbound record " + recordId));
    }
}
