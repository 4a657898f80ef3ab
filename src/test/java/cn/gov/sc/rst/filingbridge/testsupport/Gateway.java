package cn.gov.sc.rst.filingbridge.testsupport;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import cn.gov.sc.rst.filingbridge.Application;
import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.intake.Submission;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole gateway, started as an operator would start it: the shipped configuration with settings given from
 * outside (here as command-line arguments, which rank like environment variables above application.yml).
 */
public final class Gateway {

    public static final String FIXTURE = "fixtures/intake/valid-new-filing.json";

    private Gateway() {
    }

    /** Starts the application with its data under {@code dataDir}, on a free HTTP port, plus {@code settings}. */
    public static ConfigurableApplicationContext start(Path dataDir, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("bridge.data-dir", dataDir.toString());
        all.put("server.port", "0");
        all.putAll(settings);
        return new SpringApplicationBuilder(Application.class)
                .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** The fixture's raw bytes. */
    public static byte[] fixtureBytes() {
        try (InputStream in = Gateway.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException(FIXTURE + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(FIXTURE + " is unreadable", e);
        }
    }

    /** The fixture read with the application's own ObjectMapper, as the REST window would. */
    public static FilingCase fixtureCase(ConfigurableApplicationContext app) {
        try {
            return app.getBean(ObjectMapper.class).readValue(fixtureBytes(), FilingCase.class);
        } catch (IOException e) {
            throw new IllegalStateException(FIXTURE + " does not read as a FilingCase", e);
        }
    }

    /** How the REST window would describe the fixture's submission. */
    public static Submission restSubmission(String appId) {
        return new Submission(Channel.REST, appId, Sm3.hex(fixtureBytes()));
    }
}
