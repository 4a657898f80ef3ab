package cn.gov.sc.rst.filingbridge.stages;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StageCommitsContract} on the embedded default, H2 in file mode. */
class StageCommitsIT extends StageCommitsContract {

    static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-stages-it-");

    @DynamicPropertySource
    static void own(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
    }
}
