package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.cases.OutboxRelay;
import cn.gov.sc.rst.filingbridge.intake.CaseView;
import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.intake.IntakeService;
import cn.gov.sc.rst.filingbridge.intake.Receipt;
import cn.gov.sc.rst.filingbridge.testsupport.Gateway;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The switch to PostgreSQL: the whole gateway started with nothing but spring.datasource.url/username/password
 * pointing at a real PostgreSQL, Flyway migrating it at start-up, and a case submitted, read back and relayed.
 */
class PostgresApplicationIT {

    @TempDir
    static Path dataDir;

    static TestPostgres postgres;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void startPostgresThenGateway() {
        postgres = TestPostgres.start();
        app = postgres.startGateway(dataDir, Map.of());
    }

    @AfterAll
    static void stopGatewayThenPostgres() {
        TestPostgres.stopGatewayThenPostgres(app, postgres);
    }

    @Test
    void theGatewayRunsOnPostgresAndACaseSubmittedThroughIntakeIsStoredReadBackAndRelayed() throws Exception {
        try (Connection connection = app.getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getURL()).isEqualTo(postgres.jdbcUrl());
        }
        IntakeService intake = app.getBean(IntakeService.class);
        FilingCase filingCase = Gateway.fixtureCase(app);

        Receipt receipt = intake.submit(filingCase, Gateway.restSubmission("it-platform"));

        assertThat(receipt.sblsh()).isEqualTo("SC20261127000001");
        assertThat(receipt.state()).isEqualTo("RECEIVED");
        CaseView view = intake.find("SC20261127000001").orElseThrow();
        assertThat(view.caseId()).isEqualTo(receipt.caseId());
        assertThat(view.caseType()).isEqualTo("设立备案");
        assertThat(view.state()).isEqualTo("RECEIVED");
        assertThat(view.receivedAt().equals(receipt.receivedAt()))
                .as("read back %s, receipt says %s", view.receivedAt(), receipt.receivedAt()).isTrue();
        assertThat(view.missingMaterials()).isEqualTo(receipt.missingMaterials());
        assertThat(view.history()).as("received first; the mapping may already have added its event")
                .first().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.type()).isEqualTo("case-received");
            assertThat(e.toState()).isEqualTo("RECEIVED");
            assertThat(e.actor()).isEqualTo("platform:it-platform");
        });
        assertThat(intake.submit(filingCase, Gateway.restSubmission("it-platform")))
                .as("a repeated submission answers the stored receipt").isEqualTo(receipt);

        // Independently of the application: the rows are in PostgreSQL, put there by the Flyway-migrated schema.
        JdbcClient pg = JdbcClient.create(postgres.superuserDataSource());
        assertThat(pg.sql("SELECT case_id FROM filing_case WHERE sblsh = 'SC20261127000001'").query(String.class)
                .single()).isEqualTo(receipt.caseId());
        assertThat(pg.sql("SELECT received_at FROM filing_case WHERE sblsh = 'SC20261127000001'")
                .query(OffsetDateTime.class).single().toInstant()).isEqualTo(receipt.receivedAt().toInstant());
        assertThat(pg.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                .isPositive();

        // The broker is untouched by the database switch: still the in-process one.
        assertThat(app.getBeanProvider(EmbeddedActiveMQ.class).getIfAvailable()).isNotNull();
        OutboxRelay relay = app.getBean(OutboxRelay.class);
        await("outbox relayed to the embedded broker and marked sent").atMost(Duration.ofSeconds(30))
                .until(relay::unsentCount, n -> n == 0);
        // the case-received event, relayed once (later stages add outbox rows of their own for the same case)
        assertThat(pg.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND case_id = :id AND dedup_id = :dedup")
                .param("id", receipt.caseId()).param("dedup", receipt.caseId() + ":case-received")
                .query(Long.class).single()).isEqualTo(1L);
    }
}
