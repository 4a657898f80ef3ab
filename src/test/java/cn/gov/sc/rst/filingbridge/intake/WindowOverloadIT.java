package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A window with no room left answers at once: with one worker and no waiting room, a case arriving while the worker
 * is taken gets 503, Retry-After and a problem+json in Chinese and English, nothing of it is stored, and the same case
 * sent again once the worker is free is received.
 */
class WindowOverloadIT extends WindowTestSupport {

    static final Path DATA_DIR = DataDirs.fresh("bridge-overload-it-");

    @DynamicPropertySource
    static void oneWorkerNoWaitingRoom(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        registry.add("spring.task.execution.pool.core-size", () -> "1");
        registry.add("spring.task.execution.pool.max-size", () -> "1");
        registry.add("spring.task.execution.pool.queue-capacity", () -> "0");
        registry.add("bridge.intake.max-unverified-bytes", () -> String.valueOf(UNVERIFIED_BUDGET));
    }

    static final int UNVERIFIED_BUDGET = 64 * 1024;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    ThreadPoolTaskExecutor windowPool;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCaseArrivingWhenNoWorkerIsFreeIs503WithRetryAfterAndIsReceivedWhenSentAgain() throws Exception {
        ObjectNode filing = validCase("SC-BUSY-" + UUID.randomUUID());
        String sblsh = filing.get("SBLSH").asText();
        double busyBefore = meters.counter("bridge.intake.busy").count();
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        windowPool.execute(() -> {
            taken.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpResponse<String> busy;
        try {
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();

            busy = client().postCase(bytes(filing));
        } finally {
            release.countDown();
        }

        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(busy.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(busy.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:skills-filing-bridge:problem:busy");
        assertThat(problem.get("title").asText()).contains("网关繁忙").contains("busy");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class).single())
                .as("nothing stored").isZero();
        assertThat(meters.counter("bridge.intake.busy").count()).isEqualTo(busyBefore + 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> windowPool.getActiveCount() == 0);
        HttpResponse<String> received = client().postCase(bytes(filing));
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        assertThat(json.readTree(received.body()).get("SBLSH").asText()).isEqualTo(sblsh);
    }

    /**
     * The signature covers the body, so the guard reads a body before it knows the caller. Someone who knows only an app
     * id (it travels in clear) announces a large body and sends it slowly: while it holds most of the gateway's budget
     * of unverified bytes, a genuine case is answered 503 at once instead of being buffered beside it, and once the
     * slow connection is gone the same case is received.
     */
    @Test
    void bodiesReadBeforeTheirCallerIsKnownAreBoundedAltogether() throws Exception {
        ObjectNode filing = validCase("SC-UNVERIFIED-" + UUID.randomUUID());
        byte[] genuine = bytes(filing);
        int announced = UNVERIFIED_BUDGET - genuine.length / 2;   // what is left is less than the genuine body
        HttpResponse<String> busy;
        try (java.net.Socket slow = new java.net.Socket("localhost", port)) {
            String head = "POST /api/window/v1/cases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + announced + "\r\nX-App-Id: " + WindowClient.APP_ID + "\r\nX-Timestamp: "
                    + clock.millis() + "\r\nX-Nonce: slow-" + UUID.randomUUID() + "\r\nX-App-Signature: "
                    + "0".repeat(64) + "\r\n\r\n";
            slow.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            slow.getOutputStream().write(new byte[1024]);
            slow.getOutputStream().flush();
            // the slow body's share is taken once the guard reads it: until then a genuine case may still pass
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpResponse<String> probe = client().postCase(bytes(validCase("SC-PROBE-" + UUID.randomUUID())));
                return probe.statusCode() == 503;
            });
            busy = client().postCase(genuine);
        }

        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        assertThat(busy.body()).contains("busy").contains("未认证").contains("authenticated");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(filing.get("SBLSH").asText())
                .query(Long.class).single()).as("nothing stored").isZero();

        await("the slow connection's share is given back").atMost(Duration.ofSeconds(20))
                .until(() -> client().postCase(genuine).statusCode() == 200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(filing.get("SBLSH").asText())
                .query(Long.class).single()).isEqualTo(1);
    }
}
