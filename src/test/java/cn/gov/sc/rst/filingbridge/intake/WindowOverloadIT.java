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
    }

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
}
