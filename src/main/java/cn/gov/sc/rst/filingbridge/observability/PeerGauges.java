package cn.gov.sc.rst.filingbridge.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * {@code bridge.peer.up{peer}}: 1 while a peer system answers its {@link PeerHealth} probe, 0 while it does not, NaN
 * when its URL is not configured. Health endpoints answer a caller; an alert needs a series over time ("down for more
 * than 5 minutes"), hence this gauge. Each peer is probed at most once per {@code refresh}: a scrape must not wait
 * for three probes (each up to {@code bridge.observability.peer-timeout}) every time.
 */
final class PeerGauges implements MeterBinder {

    private final Map<String, Cached<Double>> peers = new LinkedHashMap<>();

    /** {@code indicators}: the peer's tag value ({@code skills}, {@code ministry}, {@code platform}) to its probe. */
    PeerGauges(Map<String, HealthIndicator> indicators, Duration refresh) {
        indicators.forEach((peer, indicator) -> peers.put(peer, new Cached<>(refresh, () -> up(indicator))));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        peers.forEach((peer, up) -> Gauge.builder("bridge.peer.up", up, Cached::get)
                .description("Whether the peer system answers (1), does not (0), or is not configured (NaN)")
                .tag("peer", peer).register(registry));
    }

    private static double up(HealthIndicator indicator) {
        Status status = indicator.health().getStatus();
        if (Status.UP.equals(status)) {
            return 1;
        }
        return Status.DOWN.equals(status) ? 0 : Double.NaN;
    }
}
