package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;

/** The store contract on a real PostgreSQL 16, started for this class and stopped after it. */
class PostgresStoreIT extends StoreContract {

    @Override
    Database openDatabase() {
        TestPostgres postgres = TestPostgres.start();
        return new Database(postgres.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD, postgres);
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }
}
