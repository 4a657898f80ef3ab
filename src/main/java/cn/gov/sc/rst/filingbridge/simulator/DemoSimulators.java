package cn.gov.sc.rst.filingbridge.simulator;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * In the {@code demo} profile only: the peers' simulators run inside the gateway's process. They start on Spring's
 * bootstrap executor beside the gateway's own beans (nothing of the gateway waits for a peer at start; the context
 * is refreshed once they listen), which keeps the ministry simulator's Tomcat and CXF bus off the main thread.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoSimulators {

    @Bean(destroyMethod = "close", bootstrap = Bean.Bootstrap.BACKGROUND)
    SkillsSimulator skillsSimulator(@Value("${bridge.demo.skills-simulator-port:8092}") int port, MessageVerifier verifier)
            throws IOException {
        SkillsSimulator simulator = SkillsSimulator.start(port);
        simulator.requireSignatures((body, header) ->
                verifier.verify(body, DetachedSignature.fromHeaders(header)).subject());
        return simulator;
    }

    /** The ministry's filing-report service, signing receipts with the test key of certs-example/ministry.p12. */
    @Bean(destroyMethod = "close", bootstrap = Bean.Bootstrap.BACKGROUND)
    MinistrySimulator ministrySimulator(@Value("${bridge.demo.ministry-simulator-port:8093}") int port, Clock clock) {
        return MinistrySimulator.start(port, MinistrySimulator.Keys.certsExample(Path.of("certs-example")), clock);
    }

    /**
     * The platform's feedback and SMS endpoints (checking the gateway's signatures), able to push a 补正 back to this
     * gateway's window as the demo app.
     */
    @Bean(destroyMethod = "close", bootstrap = Bean.Bootstrap.BACKGROUND)
    PlatformSimulator platformSimulator(@Value("${bridge.demo.platform-simulator-port:8094}") int port,
                                        @Value("${server.port:8080}") int gatewayPort,
                                        @Value("${bridge.platform.apps.demo-platform.secret}") String secret,
                                        MessageVerifier verifier, Clock clock) throws IOException {
        PlatformSimulator simulator = PlatformSimulator.start(port, clock);
        simulator.requireSignatures((body, header) ->
                verifier.verify(body, DetachedSignature.fromHeaders(header)).subject());
        simulator.window("http://localhost:" + gatewayPort, "demo-platform", secret);
        simulator.signAnswersAs("demo-platform", secret);
        return simulator;
    }
}
