package cn.gov.sc.rst.filingbridge.forwarding;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery to peers: HTTP timeouts and the retry schedule. Retries start after {@code initialDelay}, grow by
 * {@code multiplier} up to {@code maxDelay}, and stop once {@code giveUpAfter} has passed since the first attempt;
 * the record then goes to its dead-letter queue with the last reason.
 */
@ConfigurationProperties("bridge.delivery")
public record DeliveryProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("1s") Duration initialDelay,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("1h") Duration maxDelay,
        @DefaultValue("24h") Duration giveUpAfter) {

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failed attempts. */
    public Duration delayAfter(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }

    /** How many attempts fit into {@code giveUpAfter} with this schedule (at least one). */
    public int maxAttempts() {
        long elapsed = 0;
        int attempts = 1;
        while (true) {
            elapsed += delayAfter(attempts).toMillis();
            if (elapsed > giveUpAfter.toMillis()) {
                return attempts;
            }
            attempts++;
        }
    }
}
