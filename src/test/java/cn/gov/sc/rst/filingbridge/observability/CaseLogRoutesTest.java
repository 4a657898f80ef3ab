package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CaseLogRoutesTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final CaseLogRoutes.BrokerConsumers factory = new CaseLogRoutes.BrokerConsumers();

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void onlyRoutesConsumingFromTheBrokerTakeTheSblshFromTheMessage() {
        assertThat(factory.createRoutePolicy(camel, "mapping", new RouteDefinition().from("jms:queue:bridge.cases")))
                .isInstanceOf(CaseLogRoutes.CaseOfMessage.class);
        // a window call's headers come from its caller: never taken as the case of the gateway's lines
        assertThat(factory.createRoutePolicy(camel, "window", new RouteDefinition().from("platform-http:/api")))
                .isNull();
        assertThat(factory.createRoutePolicy(camel, "relay", new RouteDefinition().from("timer:relay"))).isNull();
    }

    @Test
    void theMessagesSblshIsInTheLoggingContextUntilItIsDoneAndWhatWasThereComesBack() {
        RoutePolicy policy = factory.createRoutePolicy(camel, "d", new RouteDefinition().from("jms:queue:d"));
        MDC.put("sblsh", "OUTER");
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("sblsh", "SC20261207000001");

        policy.onExchangeBegin(null, exchange);
        assertThat(MDC.get("sblsh")).isEqualTo("SC20261207000001");
        policy.onExchangeDone(null, exchange);
        assertThat(MDC.get("sblsh")).isEqualTo("OUTER");
    }

    @Test
    void aMessageWithoutTheSblshRunsWithNoneRatherThanThePreviousCases() {
        RoutePolicy policy = factory.createRoutePolicy(camel, "d", new RouteDefinition().from("jms:queue:d"));
        MDC.put("sblsh", "STALE");
        Exchange exchange = new DefaultExchange(camel);

        policy.onExchangeBegin(null, exchange);
        assertThat(MDC.get("sblsh")).isNull();
        policy.onExchangeDone(null, exchange);
        assertThat(MDC.get("sblsh")).isEqualTo("STALE");
    }

    @Test
    void aNullSblshTakesTheKeyOut() {
        MDC.put("sblsh", "A");
        try (CaseLogContext ignored = CaseLogContext.sblsh(null)) {
            assertThat(MDC.get("sblsh")).isNull();
        }
        assertThat(MDC.get("sblsh")).isEqualTo("A");
    }
}
