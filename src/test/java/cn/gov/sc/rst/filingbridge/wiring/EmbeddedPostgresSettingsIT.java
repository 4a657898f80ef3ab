package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL runs with the settings the gateway promises, read back from the running server: durable
 * (zonky's own defaults turn fsync and synchronous commit off) and small (shared buffers, a WAL recycled at 32 MB).
 */
class EmbeddedPostgresSettingsIT {

    @Test
    void theServerIsDurableAndSmall(@TempDir Path dataDir) throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("pg"))) {
            assertThat(show(server, "fsync")).isEqualTo("on");
            assertThat(show(server, "synchronous_commit")).isEqualTo("on");
            assertThat(show(server, "full_page_writes")).isEqualTo("on");
            assertThat(show(server, "shared_buffers")).isEqualTo("32MB");
            assertThat(show(server, "min_wal_size")).isEqualTo("32MB");
            assertThat(show(server, "max_wal_size")).isEqualTo("32MB");
            assertThat(show(server, "checkpoint_warning")).isEqualTo("0");
            assertThat(show(server, "listen_addresses")).isEqualTo("localhost");
        }
    }

    private static String show(EmbeddedPostgresServer server, String setting) throws SQLException {
        return EmbeddedPostgresQuery.first(server, "SHOW " + setting);
    }
}
