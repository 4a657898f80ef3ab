package cn.gov.sc.rst.filingbridge.testsupport;

import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The peer simulators on free ports, started where a test class's static fields need them (a failure to start is
 * unchecked), and the compressed retry schedule that tests talking to them use.
 */
public final class Peers {

    private Peers() {
    }

    public static SkillsSimulator skills() {
        try {
            return SkillsSimulator.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("skills simulator did not start", e);
        }
    }

    /** The ministry simulator with the example keys under {@code certs-example}. */
    public static MinistrySimulator ministry(Clock clock) {
        return MinistrySimulator.start(0, MinistrySimulator.Keys.certsExample(Path.of("certs-example")), clock);
    }

    public static PlatformSimulator platform(Clock clock) {
        try {
            PlatformSimulator platform = PlatformSimulator.start(0, clock);
            platform.signAnswersAs(cn.gov.sc.rst.filingbridge.intake.WindowClient.APP_ID,
                    cn.gov.sc.rst.filingbridge.intake.WindowClient.SECRET);
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException("platform simulator did not start", e);
        }
    }

    /** Retries 20 ms growing to 200 ms, giving up after 20 s, with a 1 s read timeout: an hour's attempts in seconds. */
    public static void compressedRetries(DynamicPropertyRegistry registry) {
        compressedRetries(registry, "20s", "1s");
    }

    /** Retries 20 ms growing to 200 ms, giving up after {@code giveUpAfter}, with the given read timeout. */
    public static void compressedRetries(DynamicPropertyRegistry registry, String giveUpAfter, String readTimeout) {
        registry.add("bridge.delivery.initial-delay", () -> "20ms");
        registry.add("bridge.delivery.max-delay", () -> "200ms");
        registry.add("bridge.delivery.give-up-after", () -> giveUpAfter);
        registry.add("bridge.delivery.read-timeout", () -> readTimeout);
    }
}
