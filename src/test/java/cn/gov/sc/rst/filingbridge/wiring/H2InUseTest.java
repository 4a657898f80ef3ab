package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@link H2Housekeeping} runs whenever the H2 file is the store, including the fallback to H2 when
 * {@code bridge.embedded-database=postgres} finds no PostgreSQL binaries for the platform (the once-a-second fsync and
 * the compaction are what that file needs, whichever setting led to it).
 */
class H2InUseTest {

    private static boolean h2InUse(MockEnvironment environment, ClassLoader loader) {
        ConditionContext context = mock(ConditionContext.class);
        when(context.getEnvironment()).thenReturn(environment);
        when(context.getClassLoader()).thenReturn(loader);
        return new H2Housekeeping.H2InUse().getMatchOutcome(context, null).isMatch();
    }

    private static final ClassLoader WITH_BINARIES = H2InUseTest.class.getClassLoader();
    private static final ClassLoader WITHOUT_BINARIES = new URLClassLoader(new URL[0], null);

    @Test
    void theH2SettingRunsIt() {
        assertThat(h2InUse(new MockEnvironment().withProperty("bridge.embedded-database", "h2"), WITH_BINARIES))
                .isTrue();
    }

    @Test
    void theFallbackToH2RunsIt() {
        assumeTrue(WITH_BINARIES.getResource(EmbeddedPostgresConfig.binariesFor(System.getProperty("os.name"),
                System.getProperty("os.arch"))) != null, "skipped: the jar carries no PostgreSQL for this platform");
        MockEnvironment postgres = new MockEnvironment().withProperty("bridge.embedded-database", "postgres");

        assertThat(h2InUse(postgres, WITHOUT_BINARIES)).as("no binaries: the gateway runs on H2").isTrue();
        assertThat(h2InUse(postgres, WITH_BINARIES)).as("the embedded PostgreSQL runs").isFalse();
    }

    @Test
    void aServerUrlDoesNotRunIt() {
        assertThat(h2InUse(new MockEnvironment().withProperty("bridge.embedded-database", "h2")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/bridge"), WITHOUT_BINARIES)).isFalse();
    }
}
