package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.util.Map;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The shipped application.yml as an environment, with overrides on top, to read settings exactly as configured. */
public final class ApplicationYaml {

    private ApplicationYaml() {
    }

    /** application.yml under environment variables given by their real names (SPRING_ARTEMIS_MODE, ...). */
    public static StandardEnvironment withEnvironmentVariables(Map<String, Object> variables) {
        StandardEnvironment env = withOverrides(Map.of());
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
        return env;
    }

    public static StandardEnvironment withOverrides(Map<String, Object> overrides) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        try {
            new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(env.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException("application.yml is unreadable", e);
        }
        env.getPropertySources().addFirst(new MapPropertySource("test-overrides", overrides));
        return env;
    }
}
