package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/**
 * prod does not fall back silently to the H2 file on a platform whose PostgreSQL binaries the jar does not carry (that
 * file does not fsync per commit); the fallback stays for the other profiles, and prod may still choose H2 or a server.
 */
class ProfileGuardTest {

    private static final SpringApplication WITHOUT_BINARIES = new SpringApplication(
            new DefaultResourceLoader(new URLClassLoader(new URL[0], null)), Object.class);

    private static MockEnvironment prod() {
        // as application.yml has them: the embedded PostgreSQL chosen, the H2 file's URL named for the h2 setting
        MockEnvironment environment = new MockEnvironment().withProperty("bridge.embedded-database", "postgres")
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/db/bridge;WRITE_DELAY=0");
        environment.setActiveProfiles("prod");
        return environment;
    }

    @Test
    void prodRefusesTheSilentFallbackToH2() {
        assertThatThrownBy(() -> new ProfileGuard().postProcessEnvironment(prod(), WITHOUT_BINARIES))
                .isInstanceOf(ProfileConflictException.class).hasMessageContaining("does not fall back")
                .hasMessageContaining("spring.datasource.url");
    }

    @Test
    void prodMayChooseH2OrAServerAndOtherProfilesStillFallBack() {
        assertThatCode(() -> new ProfileGuard().postProcessEnvironment(
                prod().withProperty("bridge.embedded-database", "h2"), WITHOUT_BINARIES)).doesNotThrowAnyException();
        assertThatCode(() -> new ProfileGuard().postProcessEnvironment(
                prod().withProperty("spring.datasource.url", "jdbc:postgresql://db/bridge"), WITHOUT_BINARIES))
                .doesNotThrowAnyException();
        MockEnvironment other = new MockEnvironment().withProperty("bridge.embedded-database", "postgres");
        other.setActiveProfiles("staging");
        assertThatCode(() -> new ProfileGuard().postProcessEnvironment(other, WITHOUT_BINARIES))
                .doesNotThrowAnyException();
    }
}
