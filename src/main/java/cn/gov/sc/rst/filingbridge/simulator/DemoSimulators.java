package cn.gov.sc.rst.filingbridge.simulator;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** In the {@code demo} profile only: the peers' simulators run inside the gateway's process. */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoSimulators {

    @Bean(destroyMethod = "close")
    SkillsSimulator skillsSimulator(@Value("${bridge.demo.skills-simulator-port:8092}") int port, MessageVerifier verifier)
            throws IOException {
        SkillsSimulator simulator = SkillsSimulator.start(port);
        simulator.requireSignatures((body, header) ->
                verifier.verify(body, DetachedSignature.fromHeaders(header)).subject());
        return simulator;
    }
}
