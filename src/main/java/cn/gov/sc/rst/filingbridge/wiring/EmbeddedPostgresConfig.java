package cn.gov.sc.rst.filingbridge.wiring;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code bridge.embedded-database=postgres} (the default): the gateway runs its own PostgreSQL with its data in
 * {@code ${bridge.data-dir}/pg} and connects to it instead of the shipped H2 URL. The connection details bean is what
 * Spring Boot's pool is built from, so the server is up before Hikari and Flyway and stops after them.
 *
 * <p>An operator's {@code spring.datasource.url} pointing at a server (anything but {@code jdbc:h2:}) wins: the
 * switch to an external PostgreSQL stays {@code SPRING_DATASOURCE_URL} and its credentials alone.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfig.EmbeddedPostgresWanted.class)
class EmbeddedPostgresConfig {

    static final String SETTING = "bridge.embedded-database";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** {@code bridge.embedded-database=postgres} and no datasource URL other than an H2 one. */
    static final class EmbeddedPostgresWanted extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return wanted(context.getEnvironment(), context.getClassLoader());
        }
    }

    /**
     * Whether the gateway runs its own PostgreSQL in this environment: the condition of this configuration, and of
     * {@link EmbeddedPostgresEarlyStart} starting it before the context exists.
     */
    static ConditionOutcome wanted(PropertyResolver environment, ClassLoader classLoader) {
        String embedded = environment.getProperty(SETTING, "h2");
        if (!"postgres".equalsIgnoreCase(embedded.trim())) {
            return ConditionOutcome.noMatch(SETTING + " is " + embedded);
        }
        if (serverUrl(environment)) {
            return ConditionOutcome.noMatch("spring.datasource.url points at a server");
        }
        String binaries = binariesFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (classLoader == null || classLoader.getResource(binaries) == null) {
            if (!WARNED.getAndSet(true)) {
                log.warn("{}=postgres, but the jar carries no PostgreSQL for this platform ({}): the gateway "
                        + "runs on the embedded H2 database instead; set {}=h2 to say so, or spring.datasource.url "
                        + "for a PostgreSQL server", SETTING, binaries, SETTING);
            }
            return ConditionOutcome.noMatch("no " + binaries + " on the classpath");
        }
        return ConditionOutcome.match(SETTING + " is postgres");
    }

    /**
     * Whether spring.datasource.url names a database server. application.yml always names the H2 file's URL (the store
     * of {@code bridge.embedded-database=h2}), so an H2 URL, like none, leaves the store to the embedded setting.
     */
    static boolean serverUrl(PropertyResolver environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        return !url.isBlank() && !url.startsWith("jdbc:h2:");
    }

    /**
     * Whether the gateway's store is the H2 file: no server URL, and no embedded PostgreSQL ({@code h2} set, or
     * {@code postgres} on a platform the jar carries no PostgreSQL for).
     */
    static boolean h2IsTheStore(PropertyResolver environment, ClassLoader classLoader) {
        return !serverUrl(environment) && !wanted(environment, classLoader).isMatch();
    }

    /** The archive zonky unpacks for this platform: the jar ships only linux-amd64's. */
    static String binariesFor(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        String system = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String arch = osArch == null ? "" : osArch.toLowerCase(java.util.Locale.ROOT);
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        return "postgres-" + system + "-" + machine + ".txz";
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(@Value("${bridge.data-dir}") Path dataDir) {
        return EmbeddedPostgresEarlyStart.claim(dataDir);
    }

    /**
     * A CDS training run (README, "Running in production": {@code -Dspring.context.exit=onRefresh}) ends the JVM with
     * {@code Runtime.halt} as soon as the context has refreshed: no shutdown hook and no destroy method runs, so the
     * embedded PostgreSQL, a process of its own, would go on running on the training run's throw-away directory. In
     * such a run, once every singleton exists (Flyway has migrated; the halt comes next), the pool and the server stop
     * here. Any other run is left alone.
     */
    @Bean
    SmartInitializingSingleton embeddedPostgresStopsBeforeTrainingHalt(EmbeddedPostgresServer server,
                                                                       ObjectProvider<DataSource> dataSources) {
        return () -> {
            if (!exitsOnRefresh()) {
                return;
            }
            log.info("{}={}: stopping the embedded PostgreSQL before Spring halts the JVM",
                    DefaultLifecycleProcessor.EXIT_PROPERTY_NAME, DefaultLifecycleProcessor.ON_REFRESH_VALUE);
            dataSources.orderedStream().forEach(EmbeddedPostgresConfig::closeQuietly);
            server.close();
        };
    }

    private static boolean exitsOnRefresh() {
        return DefaultLifecycleProcessor.ON_REFRESH_VALUE.equalsIgnoreCase(
                SpringProperties.getProperty(DefaultLifecycleProcessor.EXIT_PROPERTY_NAME));
    }

    private static void closeQuietly(DataSource dataSource) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", dataSource, e.toString());
            }
        }
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgresServer server) {
        String url = server.jdbcUrl();
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return EmbeddedPostgresServer.USER;
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }
}
