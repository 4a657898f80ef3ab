package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The trace context an outbox entry carries: the writer's traceparent goes in as the payload's first member (still
 * JSON) and comes out again with the payload exactly as written; without a span, or with an invalid one, nothing
 * changes.
 */
class OutboxTraceTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    @ParameterizedTest
    @ValueSource(strings = {"{\"caseId\":\"c-1\",\"n\":2}", "{}", "{ }", "{\"s\":\"{\\\"traceparent\\\":\\\"x\\\"}\"}",
        "{\"name\":\"成都市示范职业技术学校\"}"})
    void aStampedPayloadIsStillJsonAndGivesBackTheTraceparentAndThePayloadAsWritten(String payload) throws Exception {
        String stored = tracing(TRACE_ID, SPAN_ID, true).stamp(payload);

        assertThat(stored).startsWith("{\"traceparent\":\"" + TRACEPARENT + "\"");
        assertThat(new ObjectMapper().readTree(stored).get("traceparent").asText()).isEqualTo(TRACEPARENT);
        OutboxTrace.Carried carried = OutboxTrace.Carried.of(stored);
        assertThat(carried.traceparent()).isEqualTo(TRACEPARENT);
        assertThat(carried.payload()).isEqualTo(payload);
    }

    @Test
    void anUnsampledSpanIsCarriedAsUnsampled() {
        assertThat(tracing(TRACE_ID, SPAN_ID, false).current()).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
    }

    @Test
    void withoutASpanOrWithAnInvalidOneThePayloadIsStoredUnchanged() {
        String payload = "{\"caseId\":\"c-1\"}";
        assertThat(new OutboxTrace(provider(Tracer.NOOP)).stamp(payload)).isSameAs(payload);
        assertThat(tracing("0".repeat(32), SPAN_ID, true).stamp(payload)).isSameAs(payload);
        assertThat(tracing("", "", true).stamp(payload)).isSameAs(payload);
        assertThat(new OutboxTrace(new StaticListableBeanFactory().getBeanProvider(Tracer.class)).stamp(payload))
                .as("tracing off: no Tracer bean at all").isSameAs(payload);
    }

    @Test
    void aPayloadStoredWithoutTraceIsTakenAsItIs() {
        String payload = "{\"traceparent\":\"not a traceparent\",\"n\":1}";
        OutboxTrace.Carried carried = OutboxTrace.Carried.of(payload);
        assertThat(carried.traceparent()).isNull();
        assertThat(carried.payload()).isSameAs(payload);
        assertThat(OutboxTrace.Carried.of("{\"n\":1}").traceparent()).isNull();
    }

    private static OutboxTrace tracing(String traceId, String spanId, boolean sampled) {
        Tracer tracer = mock(Tracer.class);
        Span span = mock(Span.class);
        TraceContext context = mock(TraceContext.class);
        when(tracer.currentSpan()).thenReturn(span);
        when(span.context()).thenReturn(context);
        when(context.traceId()).thenReturn(traceId);
        when(context.spanId()).thenReturn(spanId);
        when(context.sampled()).thenReturn(sampled);
        return new OutboxTrace(provider(tracer));
    }

    private static org.springframework.beans.factory.ObjectProvider<Tracer> provider(Tracer tracer) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("tracer", tracer);
        return beans.getBeanProvider(Tracer.class);
    }
}
