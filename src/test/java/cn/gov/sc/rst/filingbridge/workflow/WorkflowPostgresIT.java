package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link WorkflowContract} on PostgreSQL: the guarded transitions, the clock claims of two concurrent sweeps (row locks
 * under READ COMMITTED), the decisions and the register, with V4 migrated by Flyway.
 */
class WorkflowPostgresIT extends WorkflowContract {

    static final Path DATA_DIR = DataDirs.fresh("bridge-workflow-pg-it-");
    static final TestPostgres POSTGRES = TestPostgres.start();

    @DynamicPropertySource
    static void own(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        POSTGRES.registerDatasource(registry);
    }

    @AfterAll
    static void stopPostgres() {
        POSTGRES.close();
    }

    @Override
    Path ownDataDir() {
        return DATA_DIR;
    }
}
