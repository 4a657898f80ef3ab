package cn.gov.sc.rst.filingbridge.wiring;

import java.time.Clock;
import java.time.Duration;

/**
 * Real wall-clock time for broker scheduling (Artemis' {@code _AMQ_SCHED_DELIVERY} is an absolute time on the broker's
 * clock). Kept apart from the business {@link Clock} that tests move.
 */
public record BrokerTime(Clock clock) {

    /** The broker time {@code delay} from now, in epoch milliseconds. */
    public long after(Duration delay) {
        return clock.millis() + delay.toMillis();
    }
}
