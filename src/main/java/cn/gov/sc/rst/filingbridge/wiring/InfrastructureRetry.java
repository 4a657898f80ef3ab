package cn.gov.sc.rst.filingbridge.wiring;

import java.sql.SQLException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.TypeMismatchDataAccessException;
import org.springframework.stereotype.Component;

/**
 * What a consuming route does with a message it could not handle because the database or the broker is away
 * ({@link InfrastructureFailures}): nothing is wrong with the message, so it is not poison. The route sends the same
 * message back to its own queue, in the consuming JMS transaction, scheduled for later ({@code _AMQ_SCHED_DELIVERY}),
 * with a header {@code bridgeStalled} counting how often it was held so; the copy starts with a fresh delivery count,
 * so neither a route's poison rule ({@code JMSXDeliveryCount}) nor the broker's max-delivery-attempts ever moves it to
 * a dead-letter queue, however long the outage. The wait grows from {@code bridge.infrastructure-retry.initial-delay}
 * (1 s) by doubling up to {@code bridge.infrastructure-retry.max-delay} (30 s): short enough that work resumes soon
 * after the database is back, long enough that a backlog does not spin. Should the broker itself be away, the send
 * fails too and the transaction rolls back; the message is still on the broker, which delivers it again once consumers
 * reconnect.
 *
 * <p>Chosen over raising the broker's max-delivery-attempts because it needs nothing from the broker's address
 * settings (an external broker, two instances) and keeps the route's own poison counting meaningful.
 */
@Component("infrastructureRetry")
public class InfrastructureRetry {

    private final BrokerTime brokerTime;
    private final Duration initialDelay;
    private final Duration maxDelay;

    InfrastructureRetry(BrokerTime brokerTime,
                        @Value("${bridge.infrastructure-retry.initial-delay:1s}") Duration initialDelay,
                        @Value("${bridge.infrastructure-retry.max-delay:30s}") Duration maxDelay) {
        this.brokerTime = brokerTime;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * Whether {@code failure} is the database's or the broker's being away ({@link InfrastructureFailures}), and not a
     * fault of the data that the database merely reported: a broken constraint, a row that is not there, SQL it could
     * not run (SQLSTATE classes 22, 23, 42). Those would fail the same way after any wait, so they stay with the
     * route's poison handling instead of being held for ever.
     */
    public boolean is(Throwable failure) {
        return InfrastructureFailures.is(failure) && !dataFault(failure);
    }

    private static boolean dataFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataIntegrityViolationException || t instanceof InvalidDataAccessResourceUsageException
                    || t instanceof InvalidDataAccessApiUsageException || t instanceof IncorrectResultSizeDataAccessException
                    || t instanceof TypeMismatchDataAccessException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23")
                    || sql.getSQLState().startsWith("42"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure makes the message poison: it is not the database's or the broker's, and the message has been
     * delivered {@code deliveryCount} times, at least {@code limit}.
     */
    public boolean poison(Throwable failure, Integer deliveryCount, int limit) {
        return !is(failure) && deliveryCount != null && deliveryCount >= limit;
    }

    /** How long to hold a message that has already been held {@code stalled} times (null: never). */
    public Duration delay(Integer stalled) {
        int n = stalled == null ? 0 : Math.max(0, stalled);
        double millis = initialDelay.toMillis() * Math.pow(2, Math.min(n, 30));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }

    /** When (broker time, epoch ms) the held copy is due: {@link #delay} from now. */
    public long at(Integer stalled) {
        return brokerTime.after(delay(stalled));
    }

    /** The {@code bridgeStalled} header of the held copy. */
    public int next(Integer stalled) {
        return (stalled == null ? 0 : stalled) + 1;
    }
}
