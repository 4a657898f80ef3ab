package cn.gov.sc.rst.filingbridge.simulator;

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
    SkillsSimulator skillsSimulator(@Value("${bridge.demo.skills-simulator-port:8092}") int port) throws IOException {
        return SkillsSimulator.start(port);
    }
}
