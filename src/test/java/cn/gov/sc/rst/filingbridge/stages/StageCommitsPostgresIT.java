package cn.gov.sc.rst.filingbridge.stages;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StageCommitsContract} on PostgreSQL: one transaction per stage and case there too. */
@DirtiesContext
@Import(StageCommitsPostgresIT.PostgresLifetime.class)
class StageCommitsPostgresIT extends StageCommitsContract {

    static final Path PG_DATA_DIR = DataDirs.fresh("bridge-stages-pg-it-");
    static final TestPostgres POSTGRES = TestPostgres.start();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", PG_DATA_DIR::toString);
        POSTGRES.registerDatasource(registry);
    }

    @TestConfiguration
    static class PostgresLifetime {
        /** Closed (AutoCloseable) when the context is destroyed, after Camel has stopped. */
        @Bean
        TestPostgres stagesPostgres() {
            return POSTGRES;
        }
    }
}
