package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** The open peers health group does not turn each anonymous call into a GET towards every peer. */
class PeerHealthTest {

    private HttpServer peer;
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        peer.start();
    }

    @AfterEach
    void stop() {
        peer.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + peer.getAddress().getPort() + "/";
    }

    @Test
    void callsWithinTheIntervalShareOneProbe() {
        PeerHealth health = new PeerHealth(url(), Duration.ofSeconds(2), Duration.ofMinutes(1));
        for (int i = 0; i < 20; i++) {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(probes.get()).isEqualTo(1);
    }

    @Test
    void withoutAnIntervalEveryCallProbes() {
        PeerHealth health = new PeerHealth(url(), Duration.ofSeconds(2), Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            health.health();
        }
        assertThat(probes.get()).isEqualTo(3);
    }
}
