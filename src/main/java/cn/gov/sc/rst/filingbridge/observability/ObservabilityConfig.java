package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health indicators per peer (bean names {@code skillsPeer}, {@code ministryPeer}, {@code platformPeer} once Boot drops
 * the {@code HealthIndicator} suffix) and the {@code bridge.*} gauges. Database and broker health are Boot's own
 * {@code db} and {@code jms} indicators.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfig {

    @Bean
    HealthIndicator skillsPeerHealthIndicator(BridgeProperties bridge,
                                              @Value("${bridge.observability.peer-timeout:2s}") Duration timeout) {
        return new PeerHealth(bridge.skills().baseUrl(), timeout);
    }

    @Bean
    HealthIndicator ministryPeerHealthIndicator(BridgeProperties bridge,
                                                @Value("${bridge.observability.peer-timeout:2s}") Duration timeout) {
        return new PeerHealth(bridge.ministry().address(), timeout);
    }

    @Bean
    HealthIndicator platformPeerHealthIndicator(BridgeProperties bridge,
                                                @Value("${bridge.observability.peer-timeout:2s}") Duration timeout) {
        return new PeerHealth(bridge.platform().baseUrl(), timeout);
    }

    @Bean
    static HealthEndpointGroupsPostProcessor peersOutOfOverallHealth() {
        return new PeerHealthGroups();
    }

    @Bean
    BridgeGauges bridgeGauges(JdbcClient jdbc, Clock clock, ConnectionFactory connectionFactory,
                              BridgeProperties bridge, cn.gov.sc.rst.filingbridge.forwarding.DeadLetters deadLetters,
                              @Value("${bridge.observability.gauge-refresh:5s}") Duration refresh) {
        return new BridgeGauges(jdbc, clock, new QueueDepths(connectionFactory), deadLetters,
                bridge.queues().accepted(), refresh);
    }
}
