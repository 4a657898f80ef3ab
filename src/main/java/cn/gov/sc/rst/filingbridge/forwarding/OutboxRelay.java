package cn.gov.sc.rst.filingbridge.forwarding;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads committed outbox entries in order and marks them sent once the broker has them. A crash between send and
 * mark re-sends the entries with the same duplicate-detection ids, which the broker drops.
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

    /**
     * Marks a whole relayed batch sent in one statement and one commit, once every entry of it is with the broker.
     * A crash before this re-sends the batch; the broker drops the entries it already has by their dedup ids.
     */
    public void markSent(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE outbox SET sent_at = :now WHERE outbox_id IN (:ids) AND sent_at IS NULL")
                .param("now", OffsetDateTime.now(clock))
                .param("ids", batch.stream().map(Entry::outboxId).toList())
                .update();
    }

    public long unsentCount() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
    }
}
