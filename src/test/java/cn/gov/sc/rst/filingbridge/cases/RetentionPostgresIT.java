package cn.gov.sc.rst.filingbridge.cases;

import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link RetentionChecks} on PostgreSQL (embedded binaries), as the application's non-superuser role. */
class RetentionPostgresIT extends RetentionChecks {

    static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource freshDatabase() {
        return new DriverManagerDataSource(postgres.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
    }
}
