package cn.gov.sc.rst.filingbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The directory's SQL on PostgreSQL (V7, area and status filters, the change feed's timestamp-and-id cursor with its
 * LIMIT, the IN list, snapshots stored and read back byte for byte) and the gauges' queries.
 */
class DirectoryPostgresIT {

    @TempDir
    static Path dataDir;

    static TestPostgres postgres;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void startPostgresThenGateway() {
        postgres = TestPostgres.start();
        app = postgres.startGateway(dataDir, Map.of(
                "bridge.directory.snapshot.enabled", "false",
                "bridge.observability.gauge-refresh", "0s"));
    }

    @AfterAll
    static void stopGatewayThenPostgres() {
        TestPostgres.stopGatewayThenPostgres(app, postgres);
    }

    @Test
    void theDirectoryReadsFeedsAndSnapshotsOnPostgres() throws Exception {
        Register register = new Register(app.getBean(JdbcClient.class), app.getBean(ObjectMapper.class));
        OffsetDateTime t0 = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.ofHours(8));
        Register.Occupation tea = new Register.Occupation("4-03-02-07", "茶艺师", List.of(4, 5));
        register.institution(new Register.Entry("Y000051000001", "成都茶艺站", "510104", "FILED",
                LocalDate.of(2026, 1, 5), "茶艺师", List.of(tea)), t0);
        register.institution(new Register.Entry("Y000051000002", "绵阳茶艺站", "510703", "FILED",
                LocalDate.of(2026, 1, 5), "茶艺师", List.of(tea)), t0);
        register.status("Y000051000002", "REVOKED", LocalDate.of(2026, 11, 12), t0.plusDays(1));
        Directory directory = app.getBean(Directory.class);
        DirectorySnapshots snapshots = app.getBean(DirectorySnapshots.class);

        assertThat(directory.search(DirectoryQuery.parse("510100", null, null, "4", null, null, null)).items())
                .extracting(PublicInstitution::filingNumber).containsExactly("Y000051000001");
        assertThat(directory.search(DirectoryQuery.parse(null, null, null, null, "REVOKED", null, null)).items())
                .extracting(PublicInstitution::revokedOn).containsExactly(LocalDate.of(2026, 11, 12));
        List<Directory.Change> first = directory.changes(Instant.EPOCH, 0, 2);
        assertThat(first).extracting(Directory.Change::filingNumber)
                .containsExactly("Y000051000001", "Y000051000002");
        Directory.Change last = first.get(1);
        assertThat(directory.changes(last.occurredAt(), last.eventId(), 10)).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo("REVOKED"));

        DirectorySnapshots.Snapshot taken = snapshots.take(LocalDate.of(2026, 11, 27));
        DirectorySnapshots.Snapshot again = snapshots.take(LocalDate.of(2026, 11, 27));
        assertThat(again.content()).isEqualTo(taken.content());
        assertThat(again.signature()).isEqualTo(taken.signature());
        assertThat(taken.institutions()).isEqualTo(2);
        assertThat(snapshots.dates()).containsExactly(LocalDate.of(2026, 11, 27));

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("bridge.cases").tag("state", "FILED").gauge().value()).isEqualTo(2);
        assertThat(meters.get("bridge.clocks.overdue").tag("kind", "FILING").gauge().value()).isZero();
    }
}
