package cn.gov.sc.rst.filingbridge.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MappingConfig {

    @Bean
    CodeTables codeTables(ObjectMapper json, @Value("${bridge.mapping.code-tables-dir:}") String directory)
            throws IOException {
        return new CodeTables(json, directory == null || directory.isBlank() ? null : Path.of(directory));
    }

    @Bean
    SkillsRecordContract skillsRecordContract(ObjectMapper json, CodeTables codeTables) {
        return new SkillsRecordContract(json, codeTables::current);
    }

    @Bean
    Jurisdiction jurisdiction() {
        return new Jurisdiction();
    }
}
