package cn.gov.sc.rst.filingbridge.forwarding;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads committed outbox entries in order and marks them sent once the broker has them. A crash between send and
 * mark re-sends the entry with the same duplicate-detection id, which the broker drops.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxRelay(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One entry to relay: where it goes, its duplicate-detection id, its JSON payload. */
    public record Entry(long outboxId, String caseId, String destination, String dedupId, String payload) {
    }

    public List<Entry> pending(int limit) {
        return jdbc.sql("""
                SELECT outbox_id, case_id, destination, dedup_id, payload FROM outbox
                WHERE sent_at IS NULL ORDER BY outbox_id FETCH FIRST :limit ROWS ONLY""")
                .param("limit", limit)
                .query((rs, i) -> new Entry(rs.getLong("outbox_id"), rs.getString("case_id"),
                        rs.getString("destination"), rs.getString("dedup_id"), rs.getString("payload")))
                .list();
    }

    public void markSent(long outboxId) {
        jdbc.sql("UPDATE outbox SET sent_at = :now WHERE outbox_id = :id AND sent_at IS NULL")
                .param("now", OffsetDateTime.now(clock)).param("id", outboxId)
                .update();
    }

    public long unsentCount() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
    }
}
