package cn.gov.sc.rst.filingbridge.wiring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start {@code prod} together with {@code demo} or {@code test}: those two profiles bring the published
 * TEST keys and trust of certs-example/ and a demo app secret and operator, which must never mix with production. Also
 * refuses {@code prod} falling back from the embedded PostgreSQL to the H2 file on a platform the jar carries no
 * PostgreSQL for: that file does not fsync per commit, so production chooses its store explicitly.
 * Runs before any bean exists (registered in META-INF/spring.factories), after the profile documents are read.
 */
class ProfileGuard implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (String example : new String[] {"demo", "test"}) {
            if (environment.matchesProfiles("prod & " + example)) {
                throw new ProfileConflictException("spring.profiles.active: the prod profile cannot be combined with"
                        + " the " + example + " profile, which trusts the TEST material of certs-example/ (active: "
                        + String.join(",", environment.getActiveProfiles()) + "); start prod on its own");
            }
        }
        if (environment.matchesProfiles("prod") && "postgres".equalsIgnoreCase(
                environment.getProperty(EmbeddedPostgresConfig.SETTING, "h2").trim())
                && EmbeddedPostgresConfig.h2IsTheStore(environment, application == null
                        ? ProfileGuard.class.getClassLoader() : application.getClassLoader())) {
            // the jar carries PostgreSQL for linux-amd64 only; elsewhere the default falls back to the H2 file, which
            // does not fsync per commit: production must say what it runs on
            throw new ProfileConflictException("the prod profile does not fall back to the embedded H2 database: the jar"
                    + " carries no PostgreSQL for this platform (" + EmbeddedPostgresConfig.binariesFor(
                    System.getProperty("os.name"), System.getProperty("os.arch")) + "); set spring.datasource.url for a"
                    + " PostgreSQL server, or " + EmbeddedPostgresConfig.SETTING + "=h2 to choose the H2 file knowingly"
                    + " (docs/configuration-switches.md)");
        }
    }
}
