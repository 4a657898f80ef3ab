package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.wiring.InfrastructureRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges a failed delivery attempt for the {@code delivery-errors} route configuration, separating "we cannot work
 * right now" from "the peer failed".
 *
 * <p>When the gateway's own database or broker is away ({@link InfrastructureRetry#is}), whether the peer was called or
 * not, the attempt does not count: the message goes back on its queue with the same {@code bridgeAttempt}, held for
 * the infrastructure retry's short, growing wait, and never towards the dead-letter queue. The retry schedule
 * ({@code bridge.delivery.*}) is the peer's, and a database outage must not use it up. The same holds when the peer
 * failed but recording that failure ({@link Deliveries#failed}) meets the database away: the attempt is tried again
 * as it was.
 *
 * <p>Any other failure is the peer's: {@link Deliveries#failed} counts it, schedules the next attempt or, past the
 * schedule, dead-letters the record with the reason.
 */
@Component("deliveryFailures")
public class DeliveryFailures {

    private static final Logger log = LoggerFactory.getLogger(DeliveryFailures.class);

    private final Deliveries deliveries;
    private final InfrastructureRetry infrastructure;

    DeliveryFailures(Deliveries deliveries, InfrastructureRetry infrastructure) {
        this.deliveries = deliveries;
        this.infrastructure = infrastructure;
    }

    /**
     * What to do with a delivery message after {@code failure}: send it again at {@code at} (broker time) as attempt
     * {@code next} with the header {@code bridgeStalled} = {@code stalled} on {@code queue}, or send it to
     * {@code deadLetterQueue}.
     */
    public record Verdict(boolean dead, long at, int next, int stalled, String reason, String queue,
                          String deadLetterQueue) {
    }

    /**
     * Judges the failed attempt {@code attemptHeader} (null: the first) of {@code message} to {@code target}, held
     * {@code stalledHeader} times so far for the gateway's own outages; {@code reason} is the failure as operators read
     * it ({@link Deliveries#reason}).
     */
    public Verdict judge(DeliveryTarget target, String message, Integer attemptHeader, Integer stalledHeader,
                         Throwable failure, String reason) throws Exception {
        int attempt = attemptHeader == null ? 1 : attemptHeader;
        if (infrastructure.is(failure)) {
            return held(target, attempt, stalledHeader, reason);
        }
        Deliveries.Retry retry;
        try {
            retry = deliveries.failed(target, message, attempt, reason);
        } catch (RuntimeException recording) {
            if (!infrastructure.is(recording)) {
                throw recording;
            }
            return held(target, attempt, stalledHeader, reason + " (not recorded: " + recording.getClass().getSimpleName()
                    + ")");
        }
        return new Verdict(retry.dead(), retry.at(), retry.next(), 0, retry.reason(), retry.queue(),
                retry.deadLetterQueue());
    }

    private Verdict held(DeliveryTarget target, int attempt, Integer stalled, String reason) {
        long waitMillis = infrastructure.delay(stalled).toMillis();
        log.warn("{} delivery attempt {} held for {} ms, the gateway's database or broker is unavailable (not counted"
                + " against the retry schedule): {}", target.label(), attempt, waitMillis, reason);
        return new Verdict(false, infrastructure.at(stalled), attempt, infrastructure.next(stalled), reason,
                target.queue(), target.deadLetterQueue());
    }
}
