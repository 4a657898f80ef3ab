package cn.gov.sc.rst.filingbridge.observability;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.AsyncCallback;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
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
 * ({@code camel.observation.exclude-patterns}): a span per tick would cost CPU and say nothing of any case. The
 * patterns are applied by {@link ExcludedEndpoints}, read once, not by Camel's matcher per exchange.
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
        ExcludedEndpoints exclusions = new ExcludedEndpoints(excluded);
        MicrometerObservationTracer routes = new ExcludingTracer(exclusions);
        tracer.ifAvailable(routes::setTracer);
        observations.ifAvailable(routes::setObservationRegistry);
        // Camel's own matching of these patterns costs a regex compilation per endpoint and exchange: it gets none
        routes.setExcludePatterns(null);
        routes.init(camel);
        excludeSends(camel, exclusions);
        camel.getCamelContextExtension().addInterceptStrategy(new SpanInScope());
        return routes;
    }

    /**
     * The tracer, except that a route consuming from an excluded endpoint gets no tracing route policy (decided once,
     * when the route is made, instead of per exchange).
     */
    static final class ExcludingTracer extends MicrometerObservationTracer {

        private final ExcludedEndpoints excluded;

        ExcludingTracer(ExcludedEndpoints excluded) {
            this.excluded = excluded;
        }

        @Override
        public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
            if (route instanceof RouteDefinition definition && definition.getInput() != null
                    && excluded.test(camelContext.resolvePropertyPlaceholders(definition.getInput().getEndpointUri()))) {
                return new Untraced();
            }
            return super.createRoutePolicy(camelContext, routeId, route);
        }
    }

    /** The route policy of a route that is not traced: it does nothing. */
    static final class Untraced extends RoutePolicySupport {
    }

    /**
     * Puts the tracer's event notifier (a span per endpoint an exchange is sent to) behind the exclusions: a send to an
     * excluded endpoint never reaches it.
     */
    private static void excludeSends(CamelContext camel, ExcludedEndpoints excluded) {
        if (excluded.isEmpty()) {
            return;
        }
        ManagementStrategy management = camel.getManagementStrategy();
        for (EventNotifier notifier : List.copyOf(management.getEventNotifiers())) {
            if (notifier.getClass().getName().startsWith(org.apache.camel.tracing.Tracer.class.getName() + "$")) {
                management.removeEventNotifier(notifier);
                ExcludedSends wrapped = new ExcludedSends(notifier, excluded);
                management.addEventNotifier(wrapped);
                ServiceHelper.startService(wrapped);
            }
        }
    }

    /** An event notifier that passes on every event but a send to, or back from, an excluded endpoint. */
    static final class ExcludedSends extends EventNotifierSupport {

        private final EventNotifier tracing;
        private final ExcludedEndpoints excluded;

        ExcludedSends(EventNotifier tracing, ExcludedEndpoints excluded) {
            this.tracing = tracing;
            this.excluded = excluded;
            setIgnoreCamelContextEvents(tracing.isIgnoreCamelContextEvents());
            setIgnoreCamelContextInitEvents(tracing.isIgnoreCamelContextInitEvents());
            setIgnoreRouteEvents(tracing.isIgnoreRouteEvents());
            setIgnoreServiceEvents(tracing.isIgnoreServiceEvents());
            setIgnoreExchangeEvents(tracing.isIgnoreExchangeEvents());
            setIgnoreExchangeCreatedEvent(tracing.isIgnoreExchangeCreatedEvent());
            setIgnoreExchangeCompletedEvent(tracing.isIgnoreExchangeCompletedEvent());
            setIgnoreExchangeFailedEvents(tracing.isIgnoreExchangeFailedEvents());
            setIgnoreExchangeRedeliveryEvents(tracing.isIgnoreExchangeRedeliveryEvents());
            setIgnoreExchangeSendingEvents(tracing.isIgnoreExchangeSendingEvents());
            setIgnoreExchangeSentEvents(tracing.isIgnoreExchangeSentEvents());
            setIgnoreStepEvents(tracing.isIgnoreStepEvents());
            setIgnoreExchangeAsyncProcessingStartedEvents(tracing.isIgnoreExchangeAsyncProcessingStartedEvents());
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return tracing.isEnabled(event);
        }

        @Override
        public void notify(CamelEvent event) throws Exception {
            Endpoint endpoint = event instanceof CamelEvent.ExchangeSendingEvent sending ? sending.getEndpoint()
                    : event instanceof CamelEvent.ExchangeSentEvent sent ? sent.getEndpoint() : null;
            if (endpoint != null && excluded.test(endpoint.getEndpointUri())) {
                return;
            }
            tracing.notify(event);
        }
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
