package cn.gov.sc.rst.filingbridge.observability;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;
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
        camel.getCamelContextExtension().addInterceptStrategy(new SpanInScope());
        return routes;
    }

    /**
     * Camel closes a route's span scope right after starting it, so the gateway's own beans would run with no current
     * span: no trace id in their log lines, and no traceparent for the outbox entries they write. This puts the
     * route's span in scope around each {@code bean} and {@code process} step (nothing else: a scope per step costs).
     */
    static final class SpanInScope implements InterceptStrategy {

        @Override
        public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                     Processor nextTarget) {
            if (!(definition instanceof BeanDefinition) && !(definition instanceof ProcessDefinition)) {
                return target;
            }
            return new DelegateAsyncProcessor(target) {
                @Override
                public boolean process(Exchange exchange, AsyncCallback callback) {
                    SpanAdapter span = ActiveSpanManager.getSpan(exchange);
                    if (span == null) {
                        return super.process(exchange, callback);
                    }
                    AutoCloseable scope = span.makeCurrent();
                    try {
                        return super.process(exchange, callback);
                    } finally {
                        SpanInScope.closeScope(scope);
                    }
                }
            };
        }

        private static void closeScope(AutoCloseable scope) {
            try {
                scope.close();
            } catch (Exception e) {
                throw new IllegalStateException("a span scope did not close", e);
            }
        }
    }
}
