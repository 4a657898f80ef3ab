package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import cn.gov.sc.rst.filingbridge.workflow.Calendar;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health indicators per peer (bean names {@code skillsPeer}, {@code ministryPeer}, {@code platformPeer} once Boot drops
 * the {@code HealthIndicator} suffix), the same probes as the gauge {@code bridge.peer.up} for alerting, and the
 * {@code bridge.*} gauges of the database, the broker and the statutory clocks. Database and broker health are Boot's
 * own {@code db} and {@code jms} indicators.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfig {

    @Bean
    HealthIndicator skillsPeerHealthIndicator(BridgeProperties bridge,
            @Value("${bridge.observability.peer-timeout:2s}") Duration timeout,
            @Value("${bridge.observability.peer-probe-interval:5s}") Duration interval) {
        return new PeerHealth(bridge.skills().baseUrl(), timeout, interval);
    }

    @Bean
    HealthIndicator ministryPeerHealthIndicator(BridgeProperties bridge,
            @Value("${bridge.observability.peer-timeout:2s}") Duration timeout,
            @Value("${bridge.observability.peer-probe-interval:5s}") Duration interval) {
        return new PeerHealth(bridge.ministry().address(), timeout, interval);
    }

    @Bean
    HealthIndicator platformPeerHealthIndicator(BridgeProperties bridge,
            @Value("${bridge.observability.peer-timeout:2s}") Duration timeout,
            @Value("${bridge.observability.peer-probe-interval:5s}") Duration interval) {
        return new PeerHealth(bridge.platform().baseUrl(), timeout, interval);
    }

    @Bean
    static HealthEndpointGroupsPostProcessor peersOutOfOverallHealth() {
        return new PeerHealthGroups();
    }

    @Bean
    PeerGauges peerGauges(@Qualifier("skillsPeerHealthIndicator") HealthIndicator skills,
                          @Qualifier("ministryPeerHealthIndicator") HealthIndicator ministry,
                          @Qualifier("platformPeerHealthIndicator") HealthIndicator platform,
                          @Value("${bridge.observability.peer-refresh:30s}") Duration refresh) {
        Map<String, HealthIndicator> peers = new LinkedHashMap<>();
        peers.put("skills", skills);
        peers.put("ministry", ministry);
        peers.put("platform", platform);
        return new PeerGauges(peers, refresh);
    }

    @Bean
    ClockGauges clockGauges(JdbcClient jdbc, Clock clock, Calendar calendar,
                            @Value("${bridge.observability.gauge-refresh:5s}") Duration refresh) {
        return new ClockGauges(jdbc, clock, calendar, refresh);
    }

    @Bean
    BridgeGauges bridgeGauges(JdbcClient jdbc, Clock clock, ConnectionFactory connectionFactory,
                              BridgeProperties bridge, cn.gov.sc.rst.filingbridge.forwarding.DeadLetters deadLetters,
                              @Value("${bridge.observability.gauge-refresh:5s}") Duration refresh) {
        return new BridgeGauges(jdbc, clock, new QueueDepths(connectionFactory), deadLetters,
                bridge.queues().accepted(), refresh);
    }
}
