package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    @Bean
    MaterialChecklist materialChecklist(ObjectMapper json) {
        return MaterialChecklist.load(json, "intake/material-checklist.json");
    }

    @Bean
    CaseValidator caseValidator(Clock clock, MaterialChecklist checklist, BridgeProperties properties) {
        return new CaseValidator(clock, checklist, properties.intake().maxInlineMaterialBytes());
    }
}
