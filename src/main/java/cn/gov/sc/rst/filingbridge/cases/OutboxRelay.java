package cn.gov.sc.rst.filingbridge.cases;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings committed outbox entries to the broker, each entry by one instance even when several share the database.
 * One {@link #relay(int) relay} is one database transaction: it claims the oldest unsent entries with
 * {@code SELECT … FOR UPDATE SKIP LOCKED} (another instance's claim skips them instead of waiting), sends the whole
 * batch in one transacted JMS session and commits it, then marks the batch sent, with this instance's id in
 * {@code relayed_by}, in one statement, and commits the database.
 *
 * <p>A crash between the JMS commit and the database commit releases the claim with the entries unmarked; whichever
 * instance claims them next sends them again with the same duplicate-detection ids ({@code _AMQ_DUPL_ID}). Artemis
 * rolls back a transaction that holds a duplicate, so such a batch is sent again one message at a time outside a
 * transaction, where the broker drops each duplicate by itself and takes the rest.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Artemis' duplicate-detection property (org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID). */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    static final String CASE_ID = "caseId";
    /** The case's SBLSH, for the consumers' log lines (observability/CaseLogRoutes). */
    static final String SBLSH = "sblsh";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ConnectionFactory broker;
    private final InstanceId instance;

    OutboxRelay(JdbcClient jdbc, Clock clock, TransactionTemplate tx, ConnectionFactory broker, InstanceId instance) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.broker = broker;
        this.instance = instance;
    }

    /**
     * One entry to relay: where it goes, its duplicate-detection id, the W3C traceparent of the span that wrote it (null
     * when none was current) and its JSON payload as written.
     */
    public record Entry(long outboxId, String caseId, String destination, String dedupId, String traceparent,
                        String payload) {
    }

    /** An entry from a row of {@code SELECT outbox_id, case_id, destination, dedup_id, payload}. */
    private static final RowMapper<Entry> ENTRY = (rs, i) -> {
        OutboxTrace.Carried stored = OutboxTrace.Carried.of(rs.getString("payload"));
        return new Entry(rs.getLong("outbox_id"), rs.getString("case_id"), rs.getString("destination"),
                rs.getString("dedup_id"), stored.traceparent(), stored.payload());
    };

    /**
     * Relays one batch of at most {@code batchSize} entries and returns how many it relayed (0 when nothing was left
     * unclaimed). When the broker takes none of them, the claim is rolled back: the batch stays unsent, to be relayed
     * again. When it refuses some (an address it will not take: full, not permitted), the others are relayed and marked
     * and only those stay unsent, so one refused entry does not hold up every entry behind it.
     */
    public int relay(int batchSize) {
        Integer relayed = tx.execute(status -> {
            List<Entry> batch = claim(batchSize);
            if (batch.isEmpty()) {
                return 0;
            }
            List<Entry> sent = send(batch, sblshOf(batch));
            markSent(sent);
            return sent.size();
        });
        return relayed == null ? 0 : relayed;
    }

    /**
     * Relays batches until one comes back short of {@code batchSize} (the outbox is drained of what no one else holds)
     * or {@code maxBatches} were relayed; returns the number of entries relayed.
     */
    public int relayAvailable(int batchSize, int maxBatches) {
        int total = 0;
        for (int i = 0; i < maxBatches; i++) {
            int relayed = relay(batchSize);
            total += relayed;
            if (relayed < batchSize) {
                break;
            }
        }
        return total;
    }

    /**
     * Claims the oldest unsent entries no other transaction holds, locking them until the caller's transaction ends.
     * Must run inside a transaction.
     *
     * <p>One statement for H2 2.3 and PostgreSQL. H2 returns no rows at all for {@code FOR UPDATE SKIP LOCKED} when it
     * reads the table through the secondary index {@code ix_outbox_unsent} and another transaction holds some of them;
     * through the primary key it skips exactly the held rows. So the locking read walks the primary key from the oldest
     * unsent entry (found through {@code ix_outbox_unsent} by the subquery, which locks nothing), and its filter is
     * written {@code (sent_at IS NULL) = TRUE}, which H2 cannot answer from that index. PostgreSQL simplifies the
     * filter back to {@code sent_at IS NULL} and plans it as it likes.
     */
    public List<Entry> claim(int limit) {
        return jdbc.sql("""
                SELECT outbox_id, case_id, destination, dedup_id, payload FROM outbox
                WHERE outbox_id >= (SELECT MIN(outbox_id) FROM outbox WHERE sent_at IS NULL)
                  AND (sent_at IS NULL) = TRUE
                ORDER BY outbox_id FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query(ENTRY)
                .list();
    }

    /** The oldest unsent entries, without claiming them (a look for operators and tests). */
    public List<Entry> pending(int limit) {
        return jdbc.sql("""
                SELECT outbox_id, case_id, destination, dedup_id, payload FROM outbox
                WHERE sent_at IS NULL ORDER BY outbox_id FETCH FIRST :limit ROWS ONLY""")
                .param("limit", limit)
                .query(ENTRY)
                .list();
    }

    /**
     * Marks a whole relayed batch sent by this instance in one statement, once every entry of it is with the broker.
     * An entry already marked keeps its first mark.
     */
    public void markSent(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE outbox SET sent_at = :now, relayed_by = :instance
                WHERE outbox_id IN (:ids) AND sent_at IS NULL""")
                .param("now", OffsetDateTime.now(clock))
                .param("instance", instance.value())
                .param("ids", batch.stream().map(Entry::outboxId).toList())
                .update();
    }

    public long unsentCount() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
    }

    /** The id of this instance, as recorded in {@code relayed_by}. */
    public String instanceId() {
        return instance.value();
    }

    /** The SBLSH of each case the batch names, in one query (a message's log lines name its case by it). */
    private Map<String, String> sblshOf(List<Entry> batch) {
        List<String> cases = batch.stream().map(Entry::caseId).filter(Objects::nonNull).distinct().toList();
        if (cases.isEmpty()) {
            return Map.of();
        }
        Map<String, String> sblsh = new HashMap<>();
        jdbc.sql("SELECT case_id, sblsh FROM filing_case WHERE case_id IN (:cases)")
                .param("cases", cases)
                .query(rs -> {
                    sblsh.put(rs.getString(1), rs.getString(2));
                });
        return sblsh;
    }

    /** The entries the broker has taken: the whole batch, or those it took one at a time. */
    private List<Entry> send(List<Entry> batch, Map<String, String> sblsh) {
        try (Connection connection = broker.createConnection()) {
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                try {
                    sendAll(session, batch, sblsh);
                    session.commit();
                    return batch;
                } catch (JMSException rolledBack) {
                    // A duplicate in the batch (a re-send after a crash) makes Artemis roll back the whole transaction;
                    // so does an address that refuses its message
                    log.info("outbox batch of {} not taken as one transaction ({}); sending it one message at a time, "
                            + "the broker drops those it already has", batch.size(), rolledBack.getClass().getSimpleName());
                    rollbackQuietly(session);
                }
            }
            List<Entry> sent = new java.util.ArrayList<>(batch.size());
            JMSException first = null;
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageProducer producer = session.createProducer(null)) {
                Map<String, Queue> queues = new HashMap<>();
                for (Entry entry : batch) {
                    try {
                        sendOne(session, producer, queues, entry, sblsh);
                        sent.add(entry);
                    } catch (JMSException refused) {
                        first = first == null ? refused : first;
                        refusedOnce(entry, refused);
                    }
                }
            }
            if (sent.isEmpty()) {
                throw first == null ? new JMSException("nothing sent") : first;
            }
            return sent;
        } catch (JMSException e) {
            throw new OutboxRelayException("the broker did not take an outbox batch of " + batch.size()
                    + " entries (first " + batch.get(0).dedupId() + ")", e);
        }
    }

    /** Entries the broker refused while it took others, with when each was last logged: one line a minute each. */
    private final Map<Long, Long> refusedLogged = new java.util.concurrent.ConcurrentHashMap<>();

    private void refusedOnce(Entry entry, JMSException refused) {
        long now = System.nanoTime();
        Long last = refusedLogged.get(entry.outboxId());
        if (last == null || now - last > java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
            refusedLogged.put(entry.outboxId(), now);
            if (refusedLogged.size() > 10_000) {
                refusedLogged.clear();
            }
            log.error("ALERT: the broker refuses outbox entry {} ({} to {}): {}; it stays unsent and is tried again, "
                    + "the entries after it are relayed", entry.outboxId(), entry.dedupId(), entry.destination(),
                    refused.toString());
        }
    }

    /**
     * Sends through one producer, with one {@link Queue} object per destination for the whole batch: Artemis asks the
     * broker whether an address exists (a blocking round trip) the first time each destination object is used, so a
     * {@code createQueue} per message made every message of a batch wait for the broker.
     */
    private static void sendAll(Session session, List<Entry> batch, Map<String, String> sblsh) throws JMSException {
        Map<String, Queue> queues = new HashMap<>();
        try (MessageProducer producer = session.createProducer(null)) {
            for (Entry entry : batch) {
                sendOne(session, producer, queues, entry, sblsh);
            }
        }
    }

    private static void sendOne(Session session, MessageProducer producer, Map<String, Queue> queues, Entry entry,
                                Map<String, String> sblsh) throws JMSException {
        Queue queue = queues.get(entry.destination());
        if (queue == null) {
            queue = session.createQueue(entry.destination());
            queues.put(entry.destination(), queue);
        }
        TextMessage message = session.createTextMessage(entry.payload());
        message.setStringProperty(DUPLICATE_ID, entry.dedupId());
        message.setStringProperty(CASE_ID, entry.caseId());
        String caseSblsh = entry.caseId() == null ? null : sblsh.get(entry.caseId());
        if (caseSblsh != null) {
            message.setStringProperty(SBLSH, caseSblsh);
        }
        if (entry.traceparent() != null) {
            // the consuming route's tracing continues the trace of the span that wrote the entry
            message.setStringProperty(OutboxTrace.TRACEPARENT, entry.traceparent());
        }
        producer.send(queue, message);
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException e) {
            log.debug("rollback after a refused outbox batch: {}", e.getMessage());
        }
    }

    /** The broker refused or lost a batch; the claim is rolled back and the batch relayed again later. */
    public static class OutboxRelayException extends RuntimeException {
        OutboxRelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
