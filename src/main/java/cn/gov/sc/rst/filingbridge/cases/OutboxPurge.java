package cn.gov.sc.rst.filingbridge.cases;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Retention of the outbox (issue 13): rows the relay has sent ({@code sent_at} set) are deleted once older than
 * {@code bridge.retention.outbox-age}. Unsent rows are never touched. Deletes in bounded batches, each statement its
 * own short transaction, so a purge never holds many row locks at once; two instances may both run it (a row is
 * deleted once, the other statement finds nothing). Route {@code retention-outbox-purge}.
 */
@Component
public class OutboxPurge {

    private static final Logger log = LoggerFactory.getLogger(OutboxPurge.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration age;
    private final int batch;
    private final Counter purged;

    OutboxPurge(JdbcClient jdbc, Clock clock, MeterRegistry meters,
                @Value("${bridge.retention.outbox-age:7d}") Duration age,
                @Value("${bridge.retention.batch-size:1000}") int batch) {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("bridge.retention.outbox-age must be positive, was " + age);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("bridge.retention.batch-size must be at least 1, was " + batch);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.age = age;
        this.batch = batch;
        this.purged = Counter.builder("bridge.retention.outbox.purged")
                .description("relayed outbox rows deleted by the retention purge").register(meters);
    }

    /** Deletes every relayed row sent before now minus the age; returns how many. */
    public int purgeRelayed() {
        OffsetDateTime cutoff = clock.instant().minus(age).atOffset(ZoneOffset.UTC);
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM outbox WHERE outbox_id IN (
                      SELECT outbox_id FROM outbox WHERE sent_at < :cutoff ORDER BY outbox_id LIMIT :batch)""")
                    .param("cutoff", cutoff).param("batch", batch).update();
            total += deleted;
        } while (deleted >= batch);
        purged.increment(total);
        if (total > 0) {
            log.info("retention: purged {} relayed outbox rows sent before {}", total, cutoff);
        }
        return total;
    }
}
