package cn.gov.sc.rst.filingbridge.wiring;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The housekeeping H2 leaves undone under {@code WRITE_DELAY=0}. That setting, which makes every commit reach the file
 * before the receipt is answered, also stops the MVStore's background thread, and with it all compaction: every
 * commit appends a chunk, pages rewritten by later commits leave their old chunks sparsely filled, and nothing ever
 * moves the live pages out of them, so the file grew by hundreds of kilobytes per case for good.
 *
 * <p>Once a second this does what the background thread would: it fsyncs the file, then rewrites the live pages of
 * the sparsest chunks (at most {@link #WRITE_LIMIT} bytes a pass, under H2's store lock, skipped when a commit holds
 * it) and commits them, so that emptied chunks are freed and their space reused. Because everything older than a
 * second is then on the disk, a freed chunk may be overwritten {@link #RETENTION_MS} after it was last needed instead
 * of H2's default 45 s (which assumes the disk has flushed by then; without the fsync nothing assured that either).
 * On shutdown H2 itself compacts the file for up to {@code MAX_COMPACT_TIME} (spring.datasource.url).
 *
 * <p>Whenever the gateway runs on its H2 file: with {@code bridge.embedded-database=h2}, and also with {@code postgres}
 * on a platform whose PostgreSQL binaries the jar does not carry, where the gateway falls back to H2 (the durability
 * and the growth of that file are the same either way). Not created when the embedded PostgreSQL runs or
 * spring.datasource.url points at a server, and a no-op on any connection that is not H2's.
 */
@Component
@Conditional(H2Housekeeping.H2InUse.class)
class H2Housekeeping {

    /** The gateway's store is the H2 file: not the embedded PostgreSQL, and no server URL configured. */
    static final class H2InUse extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return EmbeddedPostgresConfig.h2IsTheStore(context.getEnvironment(), context.getClassLoader())
                    ? ConditionOutcome.match("the H2 file is the store")
                    : ConditionOutcome.noMatch("a server or the embedded PostgreSQL is the store");
        }
    }

    /** Chunks filled below this percentage are rewritten (H2's own AUTO_COMPACT_FILL_RATE default). */
    static final int TARGET_FILL_RATE = 90;
    /** Bytes of live pages rewritten per pass at most: a pass holds H2's store lock, and commits wait for it. */
    static final int WRITE_LIMIT = 2 * 1024 * 1024;
    /** How long a chunk no longer needed is kept before its space is reused: twice the fsync interval. */
    static final int RETENTION_MS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource dataSource;
    private final int retentionMs;
    private volatile boolean retentionSet;

    @Autowired
    H2Housekeeping(DataSource dataSource) {
        this(dataSource, RETENTION_MS);
    }

    H2Housekeeping(DataSource dataSource, int retentionMs) {
        this.dataSource = dataSource;
        this.retentionMs = retentionMs;
    }

    @Scheduled(fixedDelayString = "1s", initialDelayString = "1s")
    void run() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return;
            }
            MVStore store = mvStore(connection.unwrap(JdbcConnection.class));
            if (store == null || store.isClosed() || store.getFileStore() == null) {
                return;
            }
            store.sync();
            if (!retentionSet) {
                store.setRetentionTime(retentionMs);
                retentionSet = true;
            }
            if (store.compact(TARGET_FILL_RATE, WRITE_LIMIT)) {
                store.commit();
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("H2 housekeeping (sync, compaction) failed this time: {}", e.toString());
        }
    }

    private static MVStore mvStore(JdbcConnection connection) {
        return connection.getSession() instanceof SessionLocal local && local.getDatabase().getStore() != null
                ? local.getDatabase().getStore().getMvStore() : null;
    }
}
