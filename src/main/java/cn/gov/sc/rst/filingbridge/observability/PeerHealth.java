package cn.gov.sc.rst.filingbridge.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether a peer system answers at all: one GET of its base URL with a short timeout. Any HTTP answer, even 404 or
 * 500, is UP (the peer is there; whether it accepts a delivery is the delivery's business); no answer is DOWN. The
 * details name the URL probed. Peers are in the {@code peers} health group only, never in readiness: when a peer is
 * down the gateway still accepts cases and queues their deliveries (see {@link PeerHealthGroups}).
 */
final class PeerHealth implements HealthIndicator {

    static final String SUFFIX = "Peer";

    private final String url;
    private final HttpClient http;
    private final Duration timeout;
    private final Cached<Health> probed;

    PeerHealth(String url, Duration timeout) {
        this(url, timeout, Duration.ZERO);
    }

    /**
     * {@code minInterval}: a probe's answer is reused for this long. {@code /actuator/health/peers} is open to anyone
     * (its status, not its details), and each call would otherwise send a GET to every peer and hold a request
     * thread for up to the timeout: a flood of anonymous calls must not become a flood towards the peers.
     */
    PeerHealth(String url, Duration timeout, Duration minInterval) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.probed = new Cached<>(minInterval, this::probe);
    }

    @Override
    public Health health() {
        return probed.get();
    }

    private Health probe() {
        if (url == null || url.isBlank()) {
            return Health.unknown().withDetail("url", "(not configured)").build();
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return Health.up().withDetail("url", url).withDetail("httpStatus", response.statusCode()).build();
        } catch (IOException | IllegalArgumentException e) {
            return Health.down().withDetail("url", url)
                    .withDetail("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                            + e.getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("url", url).withDetail("error", "interrupted").build();
        }
    }
}
