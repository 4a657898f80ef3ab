package cn.gov.sc.rst.filingbridge.wiring;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the gateway's configuration is read, before Spring
 * builds its context: the first start on a data directory runs {@code initdb} and {@code pg_ctl} for about 1.5 s on
 * these machines, which then overlaps the context's own start instead of adding to it. The configuration's server
 * bean {@link #claim claims} the server started here (waiting for it if it is still starting), or starts it itself
 * when nothing was started for its directory.
 *
 * <p>Only {@code Application.main} adds this listener: a test's context, whose properties may still change after the
 * environment is prepared (dynamic properties), starts its database the ordinary way. A server started here that no
 * context claims (the context failed first, or it ended up on another store) is stopped when the application has
 * failed or is ready, so no PostgreSQL is left running.
 */
public final class EmbeddedPostgresEarlyStart implements ApplicationListener<SpringApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresEarlyStart.class);
    private static final Map<Path, CompletableFuture<EmbeddedPostgresServer>> STARTED = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment(), prepared.getSpringApplication().getClassLoader());
        } else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
            stopUnclaimed();
        }
    }

    private static void start(ConfigurableEnvironment environment, ClassLoader classLoader) {
        String dataDir = environment.getProperty("bridge.data-dir");
        if (dataDir == null || dataDir.isBlank() || !EmbeddedPostgresConfig.wanted(environment, classLoader).isMatch()) {
            return;
        }
        Path directory = directory(Path.of(dataDir));
        STARTED.computeIfAbsent(directory, d -> {
            CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    server.complete(EmbeddedPostgresServer.start(d));
                } catch (RuntimeException | Error e) {
                    server.completeExceptionally(e);
                }
            }, "embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
            return server;
        });
    }

    /**
     * The server of the gateway whose data directory is {@code dataDir}: the one started early for it, once it is up
     * (its failure is thrown here, as {@link EmbeddedPostgresServer#start} would throw it), or one started now.
     */
    static EmbeddedPostgresServer claim(Path dataDir) {
        Path directory = directory(dataDir);
        CompletableFuture<EmbeddedPostgresServer> early = STARTED.remove(directory);
        if (early == null) {
            return EmbeddedPostgresServer.start(directory);
        }
        try {
            return early.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void stopUnclaimed() {
        STARTED.keySet().forEach(directory -> {
            CompletableFuture<EmbeddedPostgresServer> unclaimed = STARTED.remove(directory);
            if (unclaimed == null) {
                return;
            }
            try {
                unclaimed.join().close();
                log.info("Stopped the embedded PostgreSQL started early on {}: no context used it", directory);
            } catch (RuntimeException e) {
                log.warn("The embedded PostgreSQL started early on {} did not start or stop cleanly: {}", directory,
                        e.toString());
            }
        });
    }

    /** The server's own directory under the gateway's data directory, as one absolute path for either spelling. */
    private static Path directory(Path dataDir) {
        return dataDir.resolve("pg").toAbsolutePath().normalize();
    }
}
