package cn.gov.sc.rst.filingbridge.cases;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link RetentionChecks} on H2 (the default database), in memory. */
class RetentionH2Test extends RetentionChecks {

    @Override
    DataSource freshDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}
