package cn.gov.sc.rst.filingbridge.observability;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's routes as Micrometer Observations, so that they join the traces Boot's Micrometer Tracing (OpenTelemetry
 * bridge) keeps: a route consuming a message continues the {@code traceparent} the message carries (the window's
 * caller's, or the one the outbox relay put on it), and every endpoint a route sends to (the skills system, the
 * platform, the ministry's CXF client, a retry on the broker) gets a span and the {@code traceparent} of that span.
 *
 * <p>Wired here because camel-observation-starter's own configuration stands aside whenever Boot's actuator
 * observation configuration is on the class path, as it is here. Tracing off
 * ({@code management.tracing.enabled=false}, as in Boot's tests unless asked for) leaves Camel untraced.
 *
 * <p>Timer routes (the outbox relay ticks five times a second) and {@code direct:} hops are not traced by default
 * ({@code camel.observation.exclude-patterns}): a span per tick would cost CPU and say nothing of any case.
 */
@Configuration(proxyBeanMethods = false)
class CamelTracing {

    /**
     * Made with the Camel context, before any route exists: the tracer is a route policy factory, and a route created
     * before it was installed would consume untraced (only its sends would get spans, each a trace of its own).
     */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(name = "management.tracing.enabled", matchIfMissing = true)
    MicrometerObservationTracer camelObservations(CamelContext camel, ObjectProvider<Tracer> tracer,
                                                  ObjectProvider<ObservationRegistry> observations,
                                                  @Value("${camel.observation.exclude-patterns:timer:*,direct:*}")
                                                  String excluded) {
        MicrometerObservationTracer routes = new MicrometerObservationTracer();
        tracer.ifAvailable(routes::setTracer);
        observations.ifAvailable(routes::setObservationRegistry);
        routes.setExcludePatterns(excluded);
        routes.init(camel);
        return routes;
    }
}
