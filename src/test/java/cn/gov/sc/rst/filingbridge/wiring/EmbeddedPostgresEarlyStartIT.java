package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The embedded PostgreSQL started while the context is built: the server bean gets the very server started early for
 * its directory, an unclaimed one is stopped, and nothing starts when the gateway is configured for another store.
 */
class EmbeddedPostgresEarlyStartIT {

    private static final String[] NO_ARGS = new String[0];
    private final SpringApplication application = new SpringApplication(EmbeddedPostgresEarlyStartIT.class);
    private final EmbeddedPostgresEarlyStart listener = new EmbeddedPostgresEarlyStart();

    @Test
    void theServerStartedEarlyIsTheOneTheContextGetsAndReadinessLeavesItRunning(@TempDir Path dataDir)
            throws SQLException {
        listener.onApplicationEvent(prepared(dataDir, "postgres"));

        // the bean's directory is spelt differently (relative parts) and still finds it
        try (EmbeddedPostgresServer server = EmbeddedPostgresEarlyStart.claim(dataDir.resolve("x/.."))) {
            assertThat(server.dataDirectory()).isEqualTo(dataDir.resolve("pg").toAbsolutePath().normalize());
            long postmaster = EmbeddedPostgresServer.postmasterPid(server.dataDirectory()).orElseThrow();

            listener.onApplicationEvent(new ApplicationReadyEvent(application, NO_ARGS, null, Duration.ZERO));

            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
            assertThat(selectOne(server)).isEqualTo(1);
        }
    }

    @Test
    void aServerNoContextClaimedIsStoppedWhenTheApplicationFails(@TempDir Path dataDir) throws Exception {
        listener.onApplicationEvent(prepared(dataDir, "postgres"));
        Path directory = dataDir.resolve("pg");
        Optional<Long> pid = await("the early start's postmaster.pid").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> EmbeddedPostgresServer.postmasterPid(directory), Optional::isPresent);
        assertThat(pid).as("the early start's postmaster.pid").isPresent();

        listener.onApplicationEvent(new ApplicationFailedEvent(application, NO_ARGS, null,
                new IllegalStateException("a bean before the database failed")));

        long postmaster = pid.get();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                .as("postmaster %d after the failure", postmaster).isFalse();
        assertThat(directory.resolve("postmaster.pid")).doesNotExist();
    }

    /** No PostgreSQL data directory appears for half a second: an early start would have made one by then. */
    private static void stillNoServerIn(Path dataDir) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !java.nio.file.Files.exists(dataDir.resolve("pg")));
        assertThat(dataDir.resolve("pg")).doesNotExist();
    }

    @Test
    void nothingStartsForAnotherStore(@TempDir Path dataDir) throws Exception {
        listener.onApplicationEvent(prepared(dataDir, "h2"));
        stillNoServerIn(dataDir);

        StandardEnvironment external = environment(dataDir, "postgres");
        external.getPropertySources().addFirst(new MapPropertySource("url",
                Map.of("spring.datasource.url", "jdbc:postgresql://db.example:5432/bridge")));
        listener.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), application,
                NO_ARGS, external));
        stillNoServerIn(dataDir);
    }

    @Test
    void anEarlyStartThatFailedFailsTheClaimWithItsOwnError(@TempDir Path dataDir) throws Exception {
        // a regular file where the data directory would be: initdb cannot create it
        Files.writeString(dataDir.resolve("pg"), "not a directory");
        listener.onApplicationEvent(prepared(dataDir, "postgres"));

        assertThatThrownBy(() -> EmbeddedPostgresEarlyStart.claim(dataDir))
                .isInstanceOf(EmbeddedPostgresServer.EmbeddedDatabaseException.class)
                .hasMessageContaining("did not start on");
    }

    private ApplicationEnvironmentPreparedEvent prepared(Path dataDir, String store) {
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), application, NO_ARGS,
                environment(dataDir, store));
    }

    private static StandardEnvironment environment(Path dataDir, String store) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "bridge.data-dir", dataDir.toString(), EmbeddedPostgresConfig.SETTING, store)));
        return environment;
    }

    private static int selectOne(EmbeddedPostgresServer server) throws SQLException {
        return Integer.parseInt(EmbeddedPostgresQuery.first(server, "SELECT 1"));
    }
}
