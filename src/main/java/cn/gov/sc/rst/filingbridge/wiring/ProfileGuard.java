package cn.gov.sc.rst.filingbridge.wiring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start {@code prod} together with {@code demo} or {@code test}: those two profiles bring the published
 * TEST keys and trust of certs-example/ and a demo app secret and operator, which must never mix with production.
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
    }
}
