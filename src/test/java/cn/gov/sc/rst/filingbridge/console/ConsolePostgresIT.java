package cn.gov.sc.rst.filingbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.testsupport.CaseRow;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's SQL on PostgreSQL: V8, the scoped case list with its search and state filter, the IN list of clocks,
 * one case's timeline (events, outbound records with ministry receipts, decisions, result notices), the parked and
 * dead records, open mapping failures and the operator actions with their LIMIT.
 */
class ConsolePostgresIT {

    @TempDir
    static Path dataDir;

    static TestPostgres postgres;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void startPostgresThenGateway() {
        postgres = TestPostgres.start();
        app = postgres.startGateway(dataDir, Map.of("bridge.directory.snapshot.enabled", "false"));
    }

    @AfterAll
    static void stopGatewayThenPostgres() {
        TestPostgres.stopGatewayThenPostgres(app, postgres);
    }

    @Test
    void theConsoleReadsEverythingWithinScopeOnPostgres() {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 16, 10, 0, 0, 0, ZoneOffset.ofHours(8));
        String chengdu = insertCase(jdbc, "c-cd", "SC-PG-CD", "成都测试单位", "510100", t);
        String mianyang = insertCase(jdbc, "c-my", "SC-PG-MY", "绵阳测试单位", "510700", t);
        jdbc.sql("""
                INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date, provisional)
                VALUES (?, 'COMPLETENESS', ?, ?, 5, ?, FALSE)""")
                .params(chengdu, t, LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 23)).update();
        jdbc.sql("""
                INSERT INTO case_event (case_id, seq, event_type, to_state, actor, reason, occurred_at)
                VALUES (?, 1, 'case-received', 'RECEIVED', 'platform:test', '手机 13812345678', ?)""")
                .params(chengdu, t).update();
        for (String caseId : new String[] {chengdu, mianyang}) {
            jdbc.sql("""
                    INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                      attempts, last_error, created_at, updated_at)
                    VALUES (?, 'SKILLS', 1, ?, '{}', 'PARKED', 0, 'HTTP 422', ?, ?)""")
                    .params(caseId, caseId + ":1", t, t).update();
            jdbc.sql("""
                    INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at)
                    VALUES (?, 'BAB.x', 'y', 'rule', ?)""").params(caseId, t).update();
        }
        jdbc.sql("""
                INSERT INTO skills_decision (decision_id, sblsh, case_id, decision_kind, body_sm3, body, signature_cert,
                  signature, outcome, http_status, answer, received_at)
                VALUES ('d1', 'SC-PG-CD', ?, 'FILED', 'x', '{}', 'cert', 'sig', 'APPLIED', 200, '{}', ?)""")
                .params(chengdu, t).update();
        jdbc.sql("""
                INSERT INTO result_notice (notice_id, case_id, sblsh, style, bjjgdm, notice_text, pdf_base64,
                  text_sig_alg, text_sig_cert, text_signature, pdf_sig_alg, pdf_sig_cert, pdf_signature, issued_at)
                VALUES ('n1', ?, 'SC-PG-CD', 'A', '6', 't', 'cGRm', 'SM2', 'c1', 's', 'SM2', 'c2', 's', ?)""")
                .params(chengdu, t).update();
        ConsoleReadModel model = app.getBean(ConsoleReadModel.class);
        OperatorScope city = new OperatorScope("cd", "510100");
        OperatorScope province = new OperatorScope("p", "510000");

        assertThat(model.cases(city, Optional.empty(), Optional.empty())).extracting(ConsoleReadModel.CaseRow::sblsh)
                .containsExactly("SC-PG-CD");
        assertThat(model.cases(province, Optional.of("FORWARDED"), Optional.of("pg-my")))
                .extracting(ConsoleReadModel.CaseRow::sblsh).containsExactly("SC-PG-MY");
        assertThat(model.cases(city, Optional.empty(), Optional.of("成都")).get(0).clocks()).singleElement()
                .satisfies(c -> assertThat(c.dueDate()).isEqualTo(LocalDate.of(2026, 11, 23)));
        ConsoleReadModel.CaseDetail detail = model.caseDetail(city, "SC-PG-CD").orElseThrow();
        assertThat(detail.events()).singleElement().satisfies(e -> assertThat(e.reason()).contains("138****5678"));
        assertThat(detail.outbound()).hasSize(1);
        assertThat(detail.decisions()).singleElement().satisfies(d -> assertThat(d.signatureVerified()).isTrue());
        assertThat(detail.notices()).singleElement().satisfies(n -> assertThat(n.pdfSignature()).isEqualTo("SM2 c2"));
        assertThat(model.caseDetail(city, "SC-PG-MY")).isEmpty();
        assertThat(model.stuckRecords(city)).extracting(ConsoleReadModel.StuckRecord::sblsh).containsExactly("SC-PG-CD");
        assertThat(model.stuckRecords(province)).hasSize(2);
        assertThat(model.mappingFailures(city)).extracting(ConsoleReadModel.OpenMappingFailure::sblsh)
                .containsExactly("SC-PG-CD");
        assertThat(model.authorityAreaOf(mianyang)).contains("510700");

        OperatorActions actions = app.getBean(OperatorActions.class);
        actions.record("cd", "510100", OperatorActions.LOGIN, "console", "ok");
        actions.record("my", "510700", OperatorActions.LOGIN, "console", "ok");
        assertThat(actions.latest(city, 10)).extracting(OperatorActions.Action::operator).containsExactly("cd");
        assertThat(actions.latest(province, 1)).hasSize(1);
    }

    @Test
    void theCaseListIsPagedNewestFirstWithTheTotal() {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.ofHours(8));
        int many = ConsoleReadModel.PAGE + 2;
        for (int i = 0; i < many; i++) {
            insertCase(jdbc, java.util.UUID.randomUUID().toString(), String.format("SC-PG-ZG-%03d", i), "自贡示范" + i,
                    "510300", t.plusMinutes(i));
        }
        ConsoleReadModel model = app.getBean(ConsoleReadModel.class);
        OperatorScope zigong = new OperatorScope("zg", "510300");

        ConsoleReadModel.CasePage first = model.cases(zigong, Optional.empty(), Optional.empty(), 0);
        ConsoleReadModel.CasePage second = model.cases(zigong, Optional.empty(), Optional.empty(), 1);

        assertThat(first.total()).isEqualTo(many);
        assertThat(first.pages()).isEqualTo(2);
        assertThat(first.rows()).hasSize(ConsoleReadModel.PAGE);
        assertThat(first.rows().get(0).sblsh()).as("newest first").isEqualTo(String.format("SC-PG-ZG-%03d", many - 1));
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.hasNext()).isTrue();
        assertThat(second.rows()).extracting(ConsoleReadModel.CaseRow::sblsh)
                .containsExactly("SC-PG-ZG-001", "SC-PG-ZG-000");
        assertThat(second.hasNext()).isFalse();
        assertThat(model.cases(zigong, Optional.empty(), Optional.of("ZG-05"), 0).total()).isEqualTo(2);
    }

    private static String insertCase(JdbcClient jdbc, String caseId, String sblsh, String name, String area,
                                     OffsetDateTime at) {
        return CaseRow.of(caseId, sblsh).caseType("设立备案").state("FORWARDED").appId("a").contentSm3("x")
                .applicant(name, "91510000MA6PG0001X").areaCode(area.substring(0, 4) + "04").receivedAt(at)
                .authority("PREFECTURE", area, name + "局", null)
                .insert(jdbc);
    }
}
