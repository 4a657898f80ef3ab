package cn.gov.sc.rst.filingbridge.wiring;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
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

    /** {@code bridge.embedded-database=postgres} and no datasource URL other than an H2 one. */
    static final class EmbeddedPostgresWanted extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String embedded = context.getEnvironment().getProperty(SETTING, "h2");
            String url = context.getEnvironment().getProperty("spring.datasource.url", "");
            if (!"postgres".equalsIgnoreCase(embedded.trim())) {
                return ConditionOutcome.noMatch(SETTING + " is " + embedded);
            }
            if (!url.isBlank() && !url.startsWith("jdbc:h2:")) {
                return ConditionOutcome.noMatch("spring.datasource.url points at a server");
            }
            return ConditionOutcome.match(SETTING + " is postgres");
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(@Value("${bridge.data-dir}") Path dataDir) {
        return EmbeddedPostgresServer.start(dataDir.resolve("pg"));
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
