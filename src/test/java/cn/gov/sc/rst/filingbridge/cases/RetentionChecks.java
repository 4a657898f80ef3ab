package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.testsupport.CaseRow;
import cn.gov.sc.rst.filingbridge.testsupport.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retention on a real schema (all migrations): the relayed-outbox purge and the archive job with a shifted clock.
 * Run on H2 ({@link RetentionH2Test}) and PostgreSQL ({@link RetentionPostgresIT}).
 */
abstract class RetentionChecks {

    static final Instant START = Instant.parse("2026-01-05T02:00:00Z");

    @TempDir
    Path dataDir;

    DataSource dataSource;
    JdbcClient jdbc;
    MutableClock clock;
    SimpleMeterRegistry meters;

    abstract DataSource freshDatabase();

    @BeforeEach
    void migrate() {
        dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").cleanDisabled(false).load()
                .clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        clock = new MutableClock(START, ZoneOffset.UTC);
        meters = new SimpleMeterRegistry();
    }

    CaseArchive archive(Period age) {
        return new CaseArchive(jdbc, new DataSourceTransactionManager(dataSource), clock, new ObjectMapper(), meters,
                age, dataDir, 10_000);
    }

    @Test
    void relayedOutboxRowsOlderThanTheAgeArePurgedInBatchesAndUnsentOrYoungRowsStay() {
        String caseId = insertCase("c-outbox", "SC-OUT", "RECEIVED", START);
        OffsetDateTime t0 = START.atOffset(ZoneOffset.UTC);
        for (int i = 0; i < 5; i++) {
            outbox(caseId, "old-sent-" + i, t0, t0.plusMinutes(1));
        }
        outbox(caseId, "old-unsent", t0, null);
        outbox(caseId, "young-sent", t0, t0.plusDays(6));
        clock.advance(Duration.ofDays(7).plusHours(1));

        OutboxPurge purge = new OutboxPurge(jdbc, clock, meters, Duration.ofDays(7), 2);
        assertThat(purge.purgeRelayed()).isEqualTo(5);

        assertThat(jdbc.sql("SELECT dedup_id FROM outbox ORDER BY dedup_id").query(String.class).list())
                .containsExactly("old-unsent", "young-sent");
        assertThat(meters.get("bridge.retention.outbox.purged").counter().count()).isEqualTo(5.0);
        assertThat(purge.purgeRelayed()).isZero();
    }

    @Test
    void anOldClosedCaseIsExportedThenGoneFromEveryTableWhileOpenAndYoungCasesStay() throws IOException {
        OffsetDateTime t0 = START.atOffset(ZoneOffset.UTC);
        String oldClosed = insertCase("c-old-closed", "SC-OLD-CLOSED", "TERMINATED", START);
        event(oldClosed, 1, "RECEIVED", t0);
        event(oldClosed, 2, "TERMINATED", t0.plusDays(10));
        withEveryChild(oldClosed, t0);
        String oldOpen = insertCase("c-old-open", "SC-OLD-OPEN", "UNDER_REVIEW", START);
        event(oldOpen, 1, "UNDER_REVIEW", t0);
        String youngClosed = insertCase("c-young-closed", "SC-YOUNG", "REFUSED", START);
        event(youngClosed, 1, "RECEIVED", t0);
        event(youngClosed, 2, "REFUSED", t0.plusYears(2));
        jdbc.sql("""
                INSERT INTO operator_action (operator_name, area, action, target, outcome, acted_at)
                VALUES ('op', '510100', 'login', NULL, 'ok', ?)""").params(t0).update();
        jdbc.sql("""
                INSERT INTO operator_action (operator_name, area, action, target, outcome, acted_at)
                VALUES ('op', '510100', 'replay', 'x', 'ok', ?)""").params(t0.plusYears(2)).update();

        clock.advance(Duration.ofDays(3 * 366 + 30));
        CaseArchive.ArchiveRun run = archive(Period.ofYears(3)).archive();

        assertThat(run.cases()).isEqualTo(1);
        assertThat(run.operatorActions()).isEqualTo(1);
        assertThat(run.file()).startsWith(dataDir.resolve("archive")).exists();
        for (String table : List.of("filing_case", "case_event", "outbox", "outbound_record", "ministry_report",
                "ministry_receipt", "platform_message", "mapping_failure", "case_clock", "skills_decision",
                "site_evaluation", "result_notice")) {
            String sql = table.startsWith("ministry_")
                    ? "SELECT COUNT(*) FROM " + table + " t JOIN outbound_record o ON o.record_id = t.record_id"
                      + " WHERE o.case_id = ?"
                    : "SELECT COUNT(*) FROM " + table + " WHERE case_id = ?";
            assertThat(jdbc.sql(sql).params(oldClosed).query(Long.class).single()).as(table).isZero();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ministry_receipt").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT case_id FROM filing_case ORDER BY case_id").query(String.class).list())
                .containsExactly(oldOpen, youngClosed);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_event").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT action FROM operator_action").query(String.class).list()).containsExactly("replay");

        List<JsonNode> lines = readLines(run.file());
        List<JsonNode> cases = lines.stream().filter(l -> l.has("case")).toList();
        assertThat(cases).hasSize(run.cases());
        JsonNode exported = cases.get(0);
        assertThat(exported.get("case").get("case_id").asText()).isEqualTo(oldClosed);
        assertThat(exported.get("case").get("state").asText()).isEqualTo("TERMINATED");
        assertThat(exported.get("case_event")).hasSize(2);
        assertThat(exported.get("outbound_record")).hasSize(2);
        for (String table : List.of("outbox", "ministry_report", "ministry_receipt",
                "platform_message", "mapping_failure", "case_clock", "skills_decision", "site_evaluation",
                "result_notice")) {
            assertThat(exported.get(table)).as(table).hasSize(1);
        }
        assertThat(exported.get("result_notice").get(0).get("notice_text").asText()).isEqualTo("告知书正文");
        assertThat(exported.get("case_event").get(0).get("occurred_at").asText()).isEqualTo(START.toString());
        List<JsonNode> actions = lines.stream().filter(l -> l.has("operator_action")).toList();
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).get("operator_action").get("action").asText()).isEqualTo("login");
        assertThat(meters.get("bridge.retention.archived").tag("kind", "case").counter().count()).isEqualTo(1.0);

        CaseArchive.ArchiveRun again = archive(Period.ofYears(3)).archive();
        assertThat(again.cases()).isZero();
        assertThat(again.file()).isNull();
    }

    @Test
    void aCaseTheRegisterStillNamesStays() {
        OffsetDateTime t0 = START.atOffset(ZoneOffset.UTC);
        String filed = closedCase("c-filed", "SC-FILED", "FILED");
        jdbc.sql("""
                INSERT INTO institution (filing_number, case_id, name, unit_name, credit_code, address, director_name,
                  area_code, authority_name, authority_area, occupations, valid_from, valid_to, status, status_date,
                  updated_at, version)
                VALUES ('5101002600001', ?, 'n', 'u', '91510100MA0000000X', 'a', 'd', '510100', 'auth', '510100', '[]',
                  ?, ?, 'FILED', ?, ?, 1)""")
                .params(filed, LocalDate.of(2026, 1, 5), LocalDate.of(2031, 1, 4), LocalDate.of(2026, 1, 5), t0)
                .update();
        clock.advance(Duration.ofDays(4 * 366));
        assertThat(archive(Period.ofYears(3)).archive().cases()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case").query(Long.class).single()).isEqualTo(1);
    }

    /** 1095 days pass the start-up check (three years of 365 days) but end a day early across 29 February 2028. */
    @Test
    void anAgeInDaysNeverArchivesBeforeThreeYearsHavePassed() {
        closedCase("c-days", "SC-DAYS", "TERMINATED");
        clock.advance(Duration.between(START, Instant.parse("2029-01-04T12:00:00Z")));

        assertThat(archive(Period.ofDays(1095)).archive().cases()).as("1,095 days but not yet three years").isZero();

        clock.advance(Duration.ofDays(1));
        assertThat(archive(Period.ofDays(1095)).archive().cases()).as("three years have passed").isEqualTo(1);
    }

    /** Old and closed, but a record still waits for an operator (parked) or a mapping failure is unresolved: it stays. */
    @Test
    void aCaseWithARecordNotDeliveredOrAnOpenMappingFailureStays() {
        OffsetDateTime t0 = START.atOffset(ZoneOffset.UTC);
        String parked = closedCase("c-parked", "SC-PARKED", "REFUSED");
        jdbc.sql("""
                INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                  attempts, created_at, updated_at)
                VALUES (?, 'PLATFORM', 1, ?, '{}', 'PARKED', 0, ?, ?)""").params(parked, parked + ":p1", t0, t0).update();
        String unmapped = closedCase("c-unmapped", "SC-UNMAPPED", "REFUSED");
        jdbc.sql("""
                INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at)
                VALUES (?, 'BAB.x', 'y', 'rule', ?)""").params(unmapped, t0).update();
        closedCase("c-done", "SC-DONE", "REFUSED");
        clock.advance(Duration.ofDays(4 * 366));

        CaseArchive.ArchiveRun run = archive(Period.ofYears(3)).archive();

        assertThat(run.cases()).as("only the case nothing waits for").isEqualTo(1);
        assertThat(jdbc.sql("SELECT case_id FROM filing_case ORDER BY case_id").query(String.class).list())
                .containsExactly("c-parked", "c-unmapped");
    }

    @Test
    void aCaseAgeBelowThreeYearsRefusesToStart() {
        assertThatThrownBy(() -> archive(Period.ofMonths(35)))
                .isInstanceOf(CaseArchive.RetentionTooShortException.class).hasMessageContaining("P35M");
        assertThatThrownBy(() -> archive(Period.ofYears(2))).isInstanceOf(CaseArchive.RetentionTooShortException.class);
        assertThat(archive(Period.ofMonths(36))).isNotNull();
        assertThat(archive(Period.ofYears(5))).isNotNull();
    }

    /** A case received at START that reached {@code state} then (one event), with nothing else of its own. */
    private String closedCase(String caseId, String sblsh, String state) {
        String id = insertCase(caseId, sblsh, state, START);
        event(id, 1, state, START.atOffset(ZoneOffset.UTC));
        return id;
    }

    private String insertCase(String caseId, String sblsh, String state, Instant receivedAt) {
        return CaseRow.of(caseId, sblsh).state(state).applicant("测试单位", "91510100MA0000000X").areaCode("510100")
                .receivedAt(receivedAt.atOffset(ZoneOffset.UTC)).insert(jdbc);
    }

    private void event(String caseId, int seq, String toState, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO case_event (case_id, seq, event_type, to_state, actor, occurred_at)
                VALUES (?, ?, 'test', ?, 'test', ?)""").params(caseId, seq, toState, at).update();
    }

    private void outbox(String caseId, String dedupId, OffsetDateTime created, OffsetDateTime sent) {
        if (sent == null) {
            jdbc.sql("""
                    INSERT INTO outbox (case_id, destination, dedup_id, payload, created_at)
                    VALUES (?, 'bridge.cases.accepted', ?, '{}', ?)""").params(caseId, dedupId, created).update();
            return;
        }
        jdbc.sql("""
                INSERT INTO outbox (case_id, destination, dedup_id, payload, created_at, sent_at)
                VALUES (?, 'bridge.cases.accepted', ?, '{}', ?, ?)""").params(caseId, dedupId, created, sent).update();
    }

    private void withEveryChild(String caseId, OffsetDateTime t) {
        outbox(caseId, caseId + ":accepted", t, t.plusSeconds(1));
        jdbc.sql("""
                INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                  attempts, created_at, updated_at, delivered_at)
                VALUES (?, 'MINISTRY', 1, ?, '<r/>', 'DELIVERED', 1, ?, ?, ?)""")
                .params(caseId, caseId + ":m1", t, t, t).update();
        long ministryRecord = jdbc.sql("SELECT record_id FROM outbound_record WHERE idempotency_key = ?")
                .params(caseId + ":m1").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO ministry_report (record_id, report_id, filing_number, event_kind, event_date, signature_alg,
                  signature_cert, signature)
                VALUES (?, ?, '5101002600009', 'FILED', ?, 'SM2', 'cert', 'sig')""")
                .params(ministryRecord, caseId + "-r", LocalDate.of(2026, 1, 5)).update();
        jdbc.sql("""
                INSERT INTO ministry_receipt (record_id, receipt_id, receipt_status, received_at, receipt_xml,
                  signature_alg, signature_cert, signature, signer_subject, verified_at)
                VALUES (?, 'rc1', 'ACCEPTED', ?, '<x/>', 'SM2', 'cert', 'sig', 'CN=ministry', ?)""")
                .params(ministryRecord, t, t).update();
        jdbc.sql("""
                INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                  attempts, created_at, updated_at)
                VALUES (?, 'PLATFORM', 1, ?, '{}', 'DELIVERED', 1, ?, ?)""").params(caseId, caseId + ":p1", t, t).update();
        long platformRecord = jdbc.sql("SELECT record_id FROM outbound_record WHERE idempotency_key = ?")
                .params(caseId + ":p1").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO platform_message (record_id, case_id, message_kind, source_event)
                VALUES (?, ?, 'FEEDBACK', 'e1')""").params(platformRecord, caseId).update();
        jdbc.sql("""
                INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at, resolved_at)
                VALUES (?, 'BAB.x', 'y', 'rule', ?, ?)""").params(caseId, t, t).update();
        jdbc.sql("""
                INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date, provisional)
                VALUES (?, 'COMPLETENESS', ?, ?, 5, ?, FALSE)""")
                .params(caseId, t, LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 12)).update();
        jdbc.sql("""
                INSERT INTO skills_decision (decision_id, sblsh, case_id, decision_kind, body_sm3, body, signature_cert,
                  signature, outcome, http_status, answer, received_at)
                VALUES (?, 'SC-OLD-CLOSED', ?, 'TERMINATE', 'x', '{}', 'cert', 'sig', 'APPLIED', 200, '{}', ?)""")
                .params(caseId + "-d1", caseId, t).update();
        jdbc.sql("""
                INSERT INTO site_evaluation (case_id, decision_id, passed, evaluated_on, evaluators, recorded_at)
                VALUES (?, ?, FALSE, ?, 'a,b', ?)""")
                .params(caseId, caseId + "-d0", LocalDate.of(2026, 1, 6), t).update();
        jdbc.sql("""
                INSERT INTO result_notice (notice_id, case_id, sblsh, style, bjjgdm, notice_text, pdf_base64,
                  text_sig_alg, text_sig_cert, text_signature, pdf_sig_alg, pdf_sig_cert, pdf_signature, issued_at)
                VALUES (?, ?, 'SC-OLD-CLOSED', 'A', '6', '告知书正文', 'cGRm', 'SM2', 'c1', 's', 'SM2', 'c2', 's', ?)""")
                .params(caseId + "-n", caseId, t).update();
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
