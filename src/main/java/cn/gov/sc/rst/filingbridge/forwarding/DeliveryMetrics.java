package cn.gov.sc.rst.filingbridge.forwarding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What deliveries to peers report as they happen (called by {@code forwarding.Deliveries}):
 * <ul>
 *   <li>{@code bridge.delivery.latency{target}}: from the outbound record's creation to its delivery;</li>
 *   <li>{@code bridge.delivery.retries{target}}: failed attempts that are tried again;</li>
 *   <li>{@code bridge.delivery.dead.letters{target}}: records given up and sent to the dead-letter queue;</li>
 *   <li>{@code bridge.delivery.parked{target}}: records the peer refused for good (parked for an operator).</li>
 * </ul>
 * {@code target} is the {@code DeliveryTarget} name (SKILLS, MINISTRY, PLATFORM). Called inside a transaction, a meter
 * moves only once that transaction commits: a settlement rolled back (and tried again) is not counted twice.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DeliveryTarget target : DeliveryTarget.values()) {
            preRegister(target.name());
        }
    }

    /** A failed attempt that will be retried. */
    public void retried(String target) {
        Counter retries = Counter.builder("bridge.delivery.retries")
                .description("Failed delivery attempts that are retried").tag("target", target).register(registry);
        afterCommit(retries::increment);
    }

    /**
     * A record settled; {@code status} DELIVERED records the latency from the record's creation ({@code createdAt}) to
     * {@code settledAt}, the time the settlement wrote as its delivery time (the caller has both at hand, so nothing
     * is read back), DEAD and PARKED count.
     */
    public void settled(String target, String status, OffsetDateTime createdAt, OffsetDateTime settledAt) {
        switch (status) {
            case "DELIVERED" -> {
                if (createdAt != null && settledAt != null) {
                    Duration latency = Duration.between(createdAt, settledAt);
                    Timer timer = Timer.builder("bridge.delivery.latency")
                            .description("From outbound record creation to delivery")
                            .tag("target", target).register(registry);
                    afterCommit(() -> timer.record(latency.isNegative() ? Duration.ZERO : latency));
                }
            }
            case "DEAD" -> afterCommit(Counter.builder("bridge.delivery.dead.letters")
                    .description("Outbound records sent to a dead-letter queue").tag("target", target)
                    .register(registry)::increment);
            case "PARKED" -> afterCommit(Counter.builder("bridge.delivery.parked")
                    .description("Outbound records the peer refused for good").tag("target", target)
                    .register(registry)::increment);
            default -> {
                // other statuses are not measured
            }
        }
    }

    /** Runs {@code move} once the caller's transaction commits, or now when there is none. */
    private static void afterCommit(Runnable move) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    move.run();
                }
            });
        } else {
            move.run();
        }
    }

    /** Registers the meters at zero so that dashboards see them before the first delivery. */
    private void preRegister(String target) {
        {
            Counter.builder("bridge.delivery.retries").description("Failed delivery attempts that are retried")
                    .tag("target", target).register(registry);
            Counter.builder("bridge.delivery.dead.letters").description("Outbound records sent to a dead-letter queue")
                    .tag("target", target).register(registry);
            Counter.builder("bridge.delivery.parked").description("Outbound records the peer refused for good")
                    .tag("target", target).register(registry);
            Timer.builder("bridge.delivery.latency").description("From outbound record creation to delivery")
                    .tag("target", target).register(registry);
        }
    }
}
