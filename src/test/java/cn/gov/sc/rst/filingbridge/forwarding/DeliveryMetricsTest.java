package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * Dead letters, parked records and retries count per target, every meter exists at zero from the start, and inside a
 * transaction they count only once it commits.
 */
class DeliveryMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMetrics metrics = new DeliveryMetrics(registry);

    @Test
    void metersExistAtZeroForEveryTarget() {
        assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "MINISTRY").counter().count()).isZero();
        assertThat(registry.get("bridge.delivery.retries").tag("target", "SKILLS").counter().count()).isZero();
        assertThat(registry.get("bridge.delivery.latency").tag("target", "SKILLS").timer().count()).isZero();
    }

    @Test
    void deadParkedAndRetriedCountPerTarget() {
        metrics.settled("SKILLS", "DEAD", null, null);
        metrics.settled("SKILLS", "DEAD", null, null);
        metrics.settled("MINISTRY", "PARKED", null, null);
        metrics.retried("MINISTRY");

        assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "SKILLS").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "MINISTRY").counter().count())
                .isZero();
        assertThat(registry.get("bridge.delivery.parked").tag("target", "MINISTRY").counter().count()).isEqualTo(1);
        assertThat(registry.get("bridge.delivery.retries").tag("target", "MINISTRY").counter().count()).isEqualTo(1);
    }

    @Test
    void aDeliveryRecordsItsLatencyFromCreationToSettlement() {
        OffsetDateTime created = OffsetDateTime.parse("2026-12-07T08:00:00+08:00");
        metrics.settled("SKILLS", "DELIVERED", created, created.plusNanos(250_000_000).withOffsetSameInstant(ZoneOffset.UTC));

        Timer latency = registry.get("bridge.delivery.latency").tag("target", "SKILLS").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        assertThat(registry.get("bridge.delivery.latency").tag("target", "PLATFORM").timer().count()).isZero();
    }

    @Test
    void insideATransactionOnlyACommitCounts() {
        TransactionSynchronizationManager.initSynchronization();
        try {
            metrics.settled("PLATFORM", "DEAD", null, null);
            metrics.retried("PLATFORM");
            assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "PLATFORM").counter().count())
                    .as("not before the commit").isZero();
            TransactionSynchronizationUtils.invokeAfterCompletion(
                    TransactionSynchronizationManager.getSynchronizations(), TransactionSynchronization.STATUS_ROLLED_BACK);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "PLATFORM").counter().count())
                .as("rolled back: not counted").isZero();
        assertThat(registry.get("bridge.delivery.retries").tag("target", "PLATFORM").counter().count()).isZero();

        TransactionSynchronizationManager.initSynchronization();
        try {
            metrics.settled("PLATFORM", "DEAD", null, null);
            TransactionSynchronizationUtils.triggerAfterCommit();
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(registry.get("bridge.delivery.dead.letters").tag("target", "PLATFORM").counter().count())
                .as("committed: counted once").isEqualTo(1);
    }
}
