package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The case's SBLSH on every log line a broker consumer writes for it (the mapping, each delivery attempt, the
 * settlement, the retry or dead letter), not only inside the beans that open a {@link CaseLogContext} themselves.
 * Every message of a case carries the {@code sblsh} JMS property: the outbox relay sets it from the case
 * ({@code cases/OutboxRelay}), and the retry and dead-letter copies keep it (routes/error-handling.camel.yaml). A route
 * consuming from the broker puts it in the logging context when a message begins and puts back what was there when the
 * message is done.
 *
 * <p>Only routes that consume from the broker: a header of that name on a window call comes from the caller, and a
 * caller must not choose which case the gateway's lines name.
 */
@Configuration(proxyBeanMethods = false)
class CaseLogRoutes {

    /** The message property naming the case's SBLSH (a JMS property, a header in Camel). */
    static final String SBLSH = "sblsh";
    /** The exchange property holding the consumed message's SBLSH for the whole exchange, whatever its headers become. */
    static final String MESSAGE_SBLSH = "bridgeMessageSblsh";

    /** Made with the Camel context, before any route exists: a factory added later would miss the routes made before. */
    @Bean(destroyMethod = "")
    RoutePolicyFactory caseLogRoutePolicies(CamelContext camel) {
        RoutePolicyFactory factory = new BrokerConsumers();
        camel.addRoutePolicyFactory(factory);
        return factory;
    }

    /** One {@link CaseOfMessage} policy per route consuming from the broker ({@code jms:}), none for the others. */
    static final class BrokerConsumers implements RoutePolicyFactory {

        @Override
        public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
            if (route instanceof RouteDefinition definition && definition.getInput() != null
                    && definition.getInput().getEndpointUri() != null
                    && definition.getInput().getEndpointUri().startsWith("jms:")) {
                return new CaseOfMessage();
            }
            return null;
        }
    }

    /**
     * The message's {@code sblsh} in the logging context from its begin to its end. The consumer thread handles one
     * message at a time, so the context it found is the one put back; a message without the property (a directory
     * snapshot, a letter written before the property existed) runs with none rather than with the previous case's.
     */
    static final class CaseOfMessage extends RoutePolicySupport {

        private static final String SCOPE = CaseOfMessage.class.getName();

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            String sblsh = exchange.getMessage().getHeader(SBLSH, String.class);
            boolean known = sblsh != null && !sblsh.isBlank();
            exchange.setProperty(SCOPE, CaseLogContext.sblsh(known ? sblsh : null));
            if (known) {
                // kept beside the headers: a delivery route clears them before the peer call, and its retry copy must
                // still carry the case's SBLSH (routes/error-handling.camel.yaml)
                exchange.setProperty(MESSAGE_SBLSH, sblsh);
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            CaseLogContext scope = exchange.getProperty(SCOPE, CaseLogContext.class);
            if (scope != null) {
                exchange.removeProperty(SCOPE);
                scope.close();
            }
        }
    }
}
