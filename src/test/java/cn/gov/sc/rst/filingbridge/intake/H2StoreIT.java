package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.testsupport.ApplicationYaml;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;

/** The store contract on the default database: H2 in file mode, with the URL exactly as application.yml has it. */
class H2StoreIT extends StoreContract {

    @TempDir
    static Path dataDir;

    @Override
    Database openDatabase() {
        Environment configured = ApplicationYaml.withOverrides(Map.of("bridge.data-dir", dataDir.toString()));
        String url = configured.getRequiredProperty("spring.datasource.url");
        return new Database(url, configured.getRequiredProperty("spring.datasource.username"),
                configured.getProperty("spring.datasource.password", ""), () -> { });
    }

    @Override
    String expectedProduct() {
        return "H2";
    }
}
