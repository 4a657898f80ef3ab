package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.EndpointHelper;
import org.junit.jupiter.api.Test;

class ExcludedEndpointsTest {

    private final ExcludedEndpoints defaults = new ExcludedEndpoints("timer:*,direct:*");

    @Test
    void theDefaultPatternsLeaveTimersAndDirectHopsUntracedAndTraceTheRest() {
        assertThat(defaults.test("timer://forwarding-outbox-relay?delay=1000&period=200")).isTrue();
        assertThat(defaults.test("timer:forwarding-outbox-relay")).isTrue();
        assertThat(defaults.test("direct://intake-rest-reply")).isTrue();
        assertThat(defaults.test("jms://queue:bridge.cases.accepted?transacted=true")).isFalse();
        assertThat(defaults.test("http://localhost:18082/records")).isFalse();
        assertThat(defaults.test("platform-http:///api/window/v1/cases")).isFalse();
        assertThat(defaults.test(null)).isFalse();
    }

    @Test
    void decidesAsCamelsOwnMatcherDoesForWildcardsLiteralsAndRegularExpressions() {
        CamelContext camel = new DefaultCamelContext();
        String[] patterns = {"timer:*", "direct:*", "jms:queue:bridge.*", "http://localhost:18082/records",
                "http://.*:18084/.*", "seda:x"};
        String[] uris = {"timer://tick?period=5", "direct://a", "jms://queue:bridge.cases.accepted",
                "jms://queue:other", "http://localhost:18082/records", "http://localhost:18084/feedback",
                "http://localhost:18085/feedback", "seda://x", "seda://xy"};
        for (String pattern : patterns) {
            ExcludedEndpoints ours = new ExcludedEndpoints(pattern);
            for (String uri : uris) {
                assertThat(ours.test(uri)).as("%s against %s", uri, pattern)
                        .isEqualTo(EndpointHelper.matchEndpoint(camel, uri, pattern));
            }
        }
    }

    @Test
    void noPatternsExcludeNothing() {
        assertThat(new ExcludedEndpoints(null).isEmpty()).isTrue();
        assertThat(new ExcludedEndpoints(" , ").test("timer:x")).isFalse();
    }

    @Test
    void aRouteFromAnExcludedEndpointGetsNoTracingPolicyAndOthersDo() {
        CamelContext camel = new DefaultCamelContext();
        CamelTracing.ExcludingTracer tracer = new CamelTracing.ExcludingTracer(defaults);
        tracer.setCamelContext(camel);
        assertThat(tracer.createRoutePolicy(camel, "relay", new RouteDefinition().from("timer:relay?period=200")))
                .isInstanceOf(CamelTracing.Untraced.class);
        assertThat(tracer.createRoutePolicy(camel, "mapping", new RouteDefinition().from("jms:queue:bridge.cases")))
                .isNotInstanceOf(CamelTracing.Untraced.class).isNotNull();
    }
}
