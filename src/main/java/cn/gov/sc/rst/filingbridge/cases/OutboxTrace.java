package cn.gov.sc.rst.filingbridge.cases;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries a case's trace across the outbox. The relay sends an entry later, on its own thread, long after the span that
 * wrote it (the window call, the mapping, the decision) has ended; so the writer's W3C {@code traceparent} is stored
 * with the entry and the relay puts it on the message as the {@code traceparent} property, which Camel's tracing on the
 * consuming route continues (docs/tracing.md).
 *
 * <p>Stored as the first member of the entry's JSON payload, {@code {"traceparent":"00-…-…-01",…}}: the outbox has no
 * column for it, and a traceparent has one fixed form (55 characters of lowercase hex and dashes), so it is put in and
 * taken out again by position, without parsing the payload. The message body is the payload exactly as it was written.
 * A payload written with no span in scope (tracing off) is stored unchanged.
 */
@Component
public class OutboxTrace {

    /** The JMS property, the HTTP header and the payload member: W3C Trace Context's name. */
    public static final String TRACEPARENT = "traceparent";
    static final String MEMBER = "{\"" + TRACEPARENT + "\":\"";
    /** {@code 00-} 32 hex {@code -} 16 hex {@code -} 2 hex. */
    static final int LENGTH = 55;

    private static final String INVALID_TRACE_ID = "0".repeat(32);

    private final Tracer tracer;

    OutboxTrace(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    /** The payload with the current span's traceparent as its first member, or unchanged when no span is current. */
    public String stamp(String payload) {
        String traceparent = current();
        if (traceparent == null || payload.length() < 2 || payload.charAt(0) != '{') {
            return payload;
        }
        String rest = payload.substring(1);
        boolean empty = rest.stripLeading().startsWith("}");
        return MEMBER + traceparent + (empty ? "\"" : "\",") + rest;
    }

    /** The current span's W3C traceparent, or null when there is none. */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext c = span.context();
        String traceId = c.traceId();
        String spanId = c.spanId();
        if (traceId == null || traceId.length() != 32 || spanId == null || spanId.length() != 16
                || INVALID_TRACE_ID.equals(traceId)) {
            return null;
        }
        return "00-" + traceId + "-" + spanId + (Boolean.FALSE.equals(c.sampled()) ? "-00" : "-01");
    }

    /** A stored payload taken apart: the traceparent it carries (null when none) and the payload as written. */
    public record Carried(String traceparent, String payload) {

        public static Carried of(String stored) {
            int end = MEMBER.length() + LENGTH;
            if (stored == null || !stored.startsWith(MEMBER) || stored.length() <= end || stored.charAt(end) != '"') {
                return new Carried(null, stored);
            }
            int restAt = stored.charAt(end + 1) == ',' ? end + 2 : end + 1;
            return new Carried(stored.substring(MEMBER.length(), end), "{" + stored.substring(restAt));
        }
    }
}
