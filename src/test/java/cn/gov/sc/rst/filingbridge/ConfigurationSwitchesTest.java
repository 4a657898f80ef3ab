package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.testsupport.ApplicationYaml;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;

/**
 * The switches of docs/configuration-switches.md as application.yml resolves them under environment variables. The
 * property read here is the one Spring Boot's @ConditionalOnBooleanProperty reads to start the in-process broker.
 */
class ConfigurationSwitchesTest {

    @Test
    void byDefaultTheDatabaseIsAnH2FileUnderTheDataDirAndTheBrokerIsEmbedded() {
        Environment env = ApplicationYaml.withEnvironmentVariables(Map.of("BRIDGE_DATA_DIR", "/var/lib/bridge"));

        // embedded PostgreSQL under ${bridge.data-dir}/pg by default; the H2 file below with BRIDGE_EMBEDDED_DATABASE=h2
        assertThat(env.getProperty("bridge.embedded-database")).isEqualTo("postgres");
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:/var/lib/bridge/db/bridge;");
        assertThat(env.getProperty("spring.artemis.mode")).isEqualTo("embedded");
        assertThat(env.getProperty("spring.artemis.embedded.enabled", Boolean.class)).isTrue();
    }

    @Test
    void springDatasourceVariablesSwitchToPostgresql() {
        Environment env = ApplicationYaml.withEnvironmentVariables(Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example:5432/bridge",
                "SPRING_DATASOURCE_USERNAME", "bridge",
                "SPRING_DATASOURCE_PASSWORD", "secret"));

        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:5432/bridge");
        assertThat(env.getProperty("spring.datasource.username")).isEqualTo("bridge");
        assertThat(env.getProperty("spring.datasource.password")).isEqualTo("secret");
        assertThat(env.getProperty("spring.flyway.locations")).isEqualTo("classpath:db/migration");
    }

    @Test
    void nativeModeAloneSwitchesTheInProcessBrokerOff() {
        Environment env = ApplicationYaml.withEnvironmentVariables(Map.of(
                "SPRING_ARTEMIS_MODE", "native",
                "SPRING_ARTEMIS_BROKER_URL", "tcp://broker.example:61616",
                "SPRING_ARTEMIS_USER", "bridge",
                "SPRING_ARTEMIS_PASSWORD", "secret"));

        assertThat(env.getProperty("spring.artemis.mode")).isEqualTo("native");
        assertThat(env.getProperty("spring.artemis.embedded.enabled", Boolean.class)).isFalse();
        assertThat(env.getProperty("spring.artemis.broker-url")).isEqualTo("tcp://broker.example:61616");
    }

    @Test
    void anExplicitEmbeddedEnabledStillWins() {
        Environment env = ApplicationYaml.withEnvironmentVariables(Map.of(
                "SPRING_ARTEMIS_MODE", "native",
                "SPRING_ARTEMIS_EMBEDDED_ENABLED", "true"));

        assertThat(env.getProperty("spring.artemis.embedded.enabled", Boolean.class)).isTrue();
    }
}
