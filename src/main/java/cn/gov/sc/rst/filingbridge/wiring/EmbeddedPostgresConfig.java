package cn.gov.sc.rst.filingbridge.wiring;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code bridge.embedded-database=postgres}: the gateway runs its own PostgreSQL with its data in
 * {@code ${bridge.data-dir}/pg} and connects to it instead of {@code spring.datasource.url}. The connection details
 * bean is what Spring Boot's pool is built from, so the server is up before Hikari and Flyway and stops after them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bridge.embedded-database", havingValue = "postgres")
class EmbeddedPostgresConfig {

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
