package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.util.Map;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The shipped application.yml as an environment, with overrides on top, to read settings exactly as configured. */
public final class ApplicationYaml {

    private ApplicationYaml() {
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
