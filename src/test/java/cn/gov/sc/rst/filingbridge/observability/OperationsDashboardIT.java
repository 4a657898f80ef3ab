package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.SigningCredential;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard and alert rules of {@code docs/ops/} against the gateway's own scrape, in the shared test context:
 * every metric they name is exported (at zero before anything happened, so a fresh gateway does not show "No data"
 * nor leave an alert without a series), and the metrics added for them follow what happens: cases accepted and
 * refused by rule, open, overdue, due-soon and provisional clocks by 市（州）, parked records, peers, certificates.
 */
class OperationsDashboardIT extends WindowTestSupport {

    /** 凉山彝族自治州: a 市（州） the fixtures' cases never go to, so the clocks counted under it are this test's. */
    private static final String LIANGSHAN = "513400";

    /** When this test's clocks started: a day no case of the fixtures starts on. */
    private static final OffsetDateTime CLOCK_START = OffsetDateTime.parse("2026-11-01T09:00:00+08:00");

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    SigningCredential signing;

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        Set<String> named = OperationsFiles.allMetricNames();
        String scrape = scrape();
        Set<String> exported = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (sample.find()) {
            exported.add(sample.group(1));
        }

        assertThat(named).contains("bridge_peer_up", "bridge_clocks_open_due_soon", "bridge_outbox_oldest_unrelayed_age_seconds",
                "bridge_signing_certificate_expiry_seconds", "bridge_delivery_latency_seconds_bucket");
        assertThat(exported).as("metrics in /actuator/prometheus").containsAll(named);
        // every 市（州） has its series before its first case
        assertThat(scrape).contains("prefecture=\"513400\"", "prefecture_name=\"凉山彝族自治州\"",
                "prefecture=\"510000\"", "prefecture=\"unassigned\"");
    }

    @Test
    void clocksCountByPrefectureAsOpenOverdueDueSoonAndProvisional() throws Exception {
        String caseId = submitValidCase("SC-OPS-").caseId();
        // once the mapping has named the case's authority, the case is moved to 凉山 (nothing else writes it again)
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM filing_case WHERE case_id = :c AND authority_tier IS NOT NULL").param("c", caseId)
                .query(Long.class).single() == 1);
        jdbc.sql("UPDATE filing_case SET authority_area = :a WHERE case_id = :c").param("a", LIANGSHAN)
                .param("c", caseId).update();
        Map<String, String> liangshan = Map.of("prefecture", LIANGSHAN, "kind", "FILING");
        double open = value("bridge_clocks_open", liangshan);
        double overdue = value("bridge_clocks_open_overdue", liangshan);
        double soon = value("bridge_clocks_open_due_soon", liangshan);
        double provisional = value("bridge_clocks_open_provisional", liangshan);

        // today is Friday 2026-11-27 in Sichuan: due yesterday is overdue, today and Monday (the next working day) are
        // due soon, Tuesday is not; one more with a provisional date; one stopped, which counts nowhere
        clock(caseId, LocalDate.parse("2026-11-26"), false, false);
        clock(caseId, LocalDate.parse("2026-11-27"), false, false);
        clock(caseId, LocalDate.parse("2026-11-30"), false, false);
        clock(caseId, LocalDate.parse("2026-12-01"), false, false);
        clock(caseId, LocalDate.parse("2027-02-10"), true, false);
        clock(caseId, LocalDate.parse("2026-11-30"), false, true);

        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(value("bridge_clocks_open", liangshan)).isEqualTo(open + 5));
            assertThat(value("bridge_clocks_open_overdue", liangshan)).isEqualTo(overdue + 1);
            assertThat(value("bridge_clocks_open_due_soon", liangshan)).isEqualTo(soon + 2);
            assertThat(value("bridge_clocks_open_provisional", liangshan)).isEqualTo(provisional + 1);
            assertThat(scrape()).containsPattern("bridge_clocks_open\\{kind=\"FILING\",prefecture=\"513400\","
                    + "prefecture_name=\"凉山彝族自治州\"} [1-9]");
        } finally {
            // the shared context's other tests sweep deadlines: they must not meet these clocks
            jdbc.sql("DELETE FROM case_clock WHERE case_id = :c AND start_date = :start").param("c", caseId)
                    .param("start", CLOCK_START.toLocalDate()).update();
        }
    }

    @Test
    void intakeCountsAcceptedCasesAndRefusalsByRule() throws Exception {
        Map<String, String> rest = Map.of("channel", "REST");
        Map<String, String> malformed = Map.of("channel", "REST", "rule", "malformed");
        double accepted = value("bridge_intake_accepted_total", rest);
        double refused = value("bridge_intake_refusals_total", malformed);

        submitValidCase("SC-OPS-");
        HttpResponse<String> refusal = client().postCase("{\"SBLSH\":".getBytes(StandardCharsets.UTF_8));

        assertThat(refusal.statusCode()).isEqualTo(400);
        assertThat(value("bridge_intake_accepted_total", rest)).isEqualTo(accepted + 1);
        assertThat(value("bridge_intake_refusals_total", malformed)).isEqualTo(refused + 1);
    }

    @Test
    void parkedRecordsPeersAndCertificatesAreGauged() throws Exception {
        Map<String, String> platform = Map.of("target", "PLATFORM");
        double parked = value("bridge_deliveries_parked", platform);
        String caseId = submitValidCase("SC-OPS-").caseId();
        jdbc.sql("""
                        INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status,
                          attempts, created_at, updated_at)
                        VALUES (:c, 'PLATFORM', 900, :key, '{}', 'PARKED', 1, :at, :at)""")
                .param("c", caseId).param("key", "ops-it-" + caseId).param("at", OffsetDateTime.now(clock)).update();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(value("bridge_deliveries_parked", platform)).isEqualTo(parked + 1));
        } finally {
            jdbc.sql("DELETE FROM outbound_record WHERE idempotency_key = :key").param("key", "ops-it-" + caseId)
                    .update();
        }

        // the shared context's platform is a simulator that answers; its skills system and ministry are not set up
        assertThat(value("bridge_peer_up", Map.of("peer", "platform"))).isEqualTo(1);
        assertThat(value("bridge_signing_certificate_expiry_seconds",
                Map.of("use", "signing", "serial", signing.serialHex())))
                .isEqualTo(signing.certificate().getNotAfter().toInstant().getEpochSecond());
        assertThat(value("bridge_outbox_oldest_unrelayed_age_seconds", Map.of())).isGreaterThanOrEqualTo(0);
    }

    private void clock(String caseId, LocalDate due, boolean provisional, boolean stopped) {
        OffsetDateTime started = CLOCK_START;
        jdbc.sql("""
                        INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date,
                          provisional, stopped_at) VALUES (:c, 'FILING', :at, :start, 20, :due, :p, :stopped)""")
                .param("c", caseId).param("at", started).param("start", started.toLocalDate()).param("due", due)
                .param("p", provisional).param("stopped", stopped ? OffsetDateTime.now(clock) : null).update();
    }

    /** The value of the one series of {@code name} whose labels include {@code labels}. */
    private double value(String name, Map<String, String> labels) throws Exception {
        String scrape = scrape();
        List<String> matches = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$").matcher(scrape);
        while (line.find()) {
            String series = line.group(1) == null ? "" : line.group(1);
            if (labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                matches.add(line.group(2));
            }
        }
        assertThat(matches).as(name + labels + " in the scrape").hasSize(1);
        return Double.parseDouble(matches.get(0));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", operatorAuth()).GET().build(), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
