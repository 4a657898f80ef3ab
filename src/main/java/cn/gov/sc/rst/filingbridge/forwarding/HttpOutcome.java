package cn.gov.sc.rst.filingbridge.forwarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The one judgement of an HTTP peer's answer, shared by the HTTP peers (the skills system, the platform):
 * <ul>
 *   <li>2xx with a readable acknowledgement (a JSON object) → {@link Verdict#DELIVERED};</li>
 *   <li>4xx other than 408 and 429 → {@link Verdict#PARKED} with the peer's error: it refused the record for good;</li>
 *   <li>everything else (no answer, 1xx, 2xx with an unreadable acknowledgement, 3xx, 408, 429, 5xx) →
 *       {@link Verdict#RETRY}: on the schedule of {@link Deliveries}, then dead.</li>
 * </ul>
 * {@code reason} says why in one line ("HTTP 422: {…}"), the answer abbreviated as {@link Deliveries#abbreviate};
 * {@code acknowledgement} is the readable acknowledgement of a delivered answer. What only one peer asks of an answer
 * (the platform's answer authentication, an SMS request's {@code sentAt}) stays with that peer's adapter.
 */
public record HttpOutcome(Verdict verdict, int status, String reason, Optional<JsonNode> acknowledgement) {

    /** What the answer means for the record. */
    public enum Verdict { DELIVERED, PARKED, RETRY }

    /** Judges status {@code status} (null: no status, the peer did not answer) with answer {@code body}. */
    public static HttpOutcome judge(Integer status, String body, ObjectMapper json) {
        int code = status == null ? 0 : status;
        String said = Deliveries.abbreviate(body);
        if (code >= 200 && code < 300) {
            Optional<JsonNode> ack = acknowledgement(body, json);
            return ack.isPresent()
                    ? new HttpOutcome(Verdict.DELIVERED, code, null, ack)
                    : new HttpOutcome(Verdict.RETRY, code, "HTTP " + code + " with an unreadable acknowledgement: " + said,
                            Optional.empty());
        }
        Verdict verdict = refusal(code) ? Verdict.PARKED : Verdict.RETRY;
        return new HttpOutcome(verdict, code, "HTTP " + code + ": " + said, Optional.empty());
    }

    /**
     * Whether the peer has a say in this answer (a 2xx, or a 4xx that would park): what a peer that authenticates its
     * answers must authenticate before it is believed. Everything else is retried whoever sent it.
     */
    public boolean decisive() {
        return (status >= 200 && status < 300) || refusal(status);
    }

    /** The retryable failure this answer is, for the delivery's error handling. */
    public DeliveryRetryException retry() {
        return new DeliveryRetryException(reason);
    }

    private static boolean refusal(int code) {
        return code >= 400 && code < 500 && code != 408 && code != 429;
    }

    private static Optional<JsonNode> acknowledgement(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode ack = json.readTree(body);
            return ack != null && ack.isObject() ? Optional.of(ack) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
