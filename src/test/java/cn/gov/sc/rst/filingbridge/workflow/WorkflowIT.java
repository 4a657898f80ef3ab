package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link WorkflowContract} on the embedded H2 database. */
class WorkflowIT extends WorkflowContract {

    static final Path DATA_DIR = DataDirs.fresh("bridge-workflow-it-");

    @DynamicPropertySource
    static void own(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
    }

    @Override
    Path ownDataDir() {
        return DATA_DIR;
    }

    @Override
    String lockWaitsQuery() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    }
}
