package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link WorkflowContract} on PostgreSQL: the guarded transitions, the clock claims of two concurrent sweeps (row locks
 * under READ COMMITTED), the decisions and the register, with V4 migrated by Flyway.
 *
 * <p>The database lives exactly as long as this class's context: the context closes after the class (routes stopped
 * first), and PostgreSQL stops with it as one of its beans. Stopped in {@code @AfterAll} instead, it would go while the
 * cached context still ran, whose consumers then wait for connections until the test JVM's exit times out.
 */
@DirtiesContext
@Import(WorkflowPostgresIT.PostgresLifetime.class)
class WorkflowPostgresIT extends WorkflowContract {

    static final Path DATA_DIR = DataDirs.fresh("bridge-workflow-pg-it-");
    static final TestPostgres POSTGRES = TestPostgres.start();

    @DynamicPropertySource
    static void own(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        POSTGRES.registerDatasource(registry);
    }

    @TestConfiguration
    static class PostgresLifetime {
        /** Closed (AutoCloseable) when the context is destroyed, after Camel has stopped. */
        @Bean
        TestPostgres workflowPostgres() {
            return POSTGRES;
        }
    }

    @Override
    Path ownDataDir() {
        return DATA_DIR;
    }

    @Override
    String lockWaitsQuery() {
        return "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    }
}
