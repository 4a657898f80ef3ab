package cn.gov.sc.rst.filingbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

@Configuration(proxyBeanMethods = false)
class MappingConfig {

    static final String CODE_TABLES = "classpath:mappings/skills/code-tables/*.json";

    @Bean
    SkillsRecordContract skillsRecordContract(ObjectMapper json) throws IOException {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources(CODE_TABLES)) {
            try (InputStream in = r.getInputStream()) {
                tables.put(r.getFilename().replace(".json", ""), json.readTree(in));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no code tables at " + CODE_TABLES);
        }
        return new SkillsRecordContract(json, tables);
    }

    @Bean
    Jurisdiction jurisdiction() {
        return new Jurisdiction();
    }
}
