package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.forwarding.DeadLetters;
import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator.Mode;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health and metrics as operators and an orchestrator see them: liveness and readiness UP without details for anyone;
 * a peer that is down shows DOWN in the {@code peers} group while readiness and the overall health stay UP; the
 * Prometheus scrape (operators only) carries the {@code bridge.*} meters with values that follow the data, and
 * Camel's route metrics. Its context closes after the class: its ministry is a closed port and its platform a peer
 * that does not sign answers, so its deliveries would otherwise retry every 200 ms for the rest of the test run.
 */
@org.springframework.test.annotation.DirtiesContext(
        classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@Import(ObservabilityIT.PoisonAddress.class)
class ObservabilityIT extends WindowTestSupport {

    /**
     * An address of this test only: under {@code bridge.#}, so the gateway's own settings apply to it (dead-letter
     * address {@code bridge.dead-letter}, its queues created by the broker), except that the broker gives a message up
     * after two deliveries, at once, rather than after 20 over a quarter of an hour.
     */
    static final String POISON = "bridge.observability.poison";

    @TestConfiguration(proxyBeanMethods = false)
    static class PoisonAddress {

        @Bean
        ArtemisConfigurationCustomizer poisonGivenUpAfterTwoDeliveries() {
            return configuration -> configuration.addAddressSetting(POISON,
                    new AddressSettings().setMaxDeliveryAttempts(2).setRedeliveryDelay(0));
        }
    }

    private static final SkillsSimulator SKILLS = Peers.skills();
    private static final String CLOSED = "http://127.0.0.1:" + closedPort();
    private static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-observability-it-");

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JmsTemplate jms;

    @Autowired
    ConnectionFactory connections;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SKILLS::baseUrl);
        registry.add("bridge.ministry.address", () -> CLOSED + "/services/filing-report");
        registry.add("bridge.platform.base-url", SKILLS::baseUrl);
        registry.add("bridge.observability.gauge-refresh", () -> "0s");
        registry.add("bridge.observability.peer-probe-interval", () -> "0s");
        registry.add("bridge.observability.peer-timeout", () -> "1s");
        registry.add("bridge.delivery.initial-delay", () -> "20ms");
        registry.add("bridge.delivery.max-delay", () -> "200ms");
        registry.add("bridge.delivery.read-timeout", () -> "1s");
    }

    @AfterEach
    void skillsBackUp() throws IOException {
        SKILLS.mode(Mode.OK);
    }

    @AfterAll
    static void stopSimulator() {
        SKILLS.close();
    }

    @Test
    void livenessAndReadinessAreUpForAnyoneWithoutDetails() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", false);
        HttpResponse<String> readiness = get("/actuator/health/readiness", false);

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(liveness.body()).get("status").asText()).isEqualTo("UP");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
        assertThat(readiness.body()).doesNotContain("components", "details", "127.0.0.1");
        JsonNode ready = json.readTree(get("/actuator/health/readiness", true).body()).get("components");
        assertThat(ready.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("jms").get("status").asText()).isEqualTo("UP");
        assertThat(ready.has("ministryPeer")).isFalse();
    }

    @Test
    void aPeerDownShowsInThePeersGroupWhileTheGatewayStaysReady() throws Exception {
        JsonNode peers = json.readTree(get("/actuator/health/peers", true).body());
        assertThat(peers.get("status").asText()).isEqualTo("DOWN");
        JsonNode ministry = peers.get("components").get("ministryPeer");
        assertThat(ministry.get("status").asText()).isEqualTo("DOWN");
        assertThat(ministry.get("details").get("url").asText()).isEqualTo(CLOSED + "/services/filing-report");
        assertThat(peers.get("components").get("skillsPeer").get("status").asText()).isEqualTo("UP");

        SKILLS.mode(Mode.DOWN);

        JsonNode skillsDown = json.readTree(get("/actuator/health/peers", true).body()).get("components")
                .get("skillsPeer");
        assertThat(skillsDown.get("status").asText()).isEqualTo("DOWN");
        assertThat(skillsDown.get("details").get("url").asText()).isEqualTo(SKILLS.baseUrl());
        assertThat(get("/actuator/health/peers", false).statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/readiness", false).statusCode()).isEqualTo(200);
        HttpResponse<String> overall = get("/actuator/health", true);
        assertThat(overall.statusCode()).isEqualTo(200);
        assertThat(json.readTree(overall.body()).get("status").asText()).isEqualTo("UP");
        assertThat(overall.body()).doesNotContain("skillsPeer", "ministryPeer");
    }

    @Test
    void prometheusIsForOperatorsOnlyAndCarriesTheBridgeMetersAndCamelRoutes() throws Exception {
        assertThat(get("/actuator/prometheus", false).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get("/actuator/prometheus", true);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("bridge_cases{state=\"RECEIVED\"}")
                .contains("bridge_cases{state=\"REVOKED\"}")
                .contains("bridge_queue_depth{queue=\"bridge.skills.deliveries\"}")
                .contains("bridge_queue_depth{queue=\"bridge.skills.deliveries.DLQ\"}")
                .contains("bridge_queue_depth{queue=\"bridge.ministry.reports\"}")
                .contains("bridge_dead_letters{queue=\"bridge.cases.accepted.DLQ\"}")
                .contains("bridge_dead_letters{queue=\"bridge.platform.feedback.DLQ\"}")
                .contains("bridge_delivery_latency_seconds_count{target=\"SKILLS\"}")
                .contains("bridge_delivery_retries_total{target=\"MINISTRY\"}")
                .contains("bridge_delivery_dead_letters_total{target=\"SKILLS\"}")
                .contains("bridge_deliveries_dead{target=\"SKILLS\"}")
                .contains("bridge_clocks_overdue{kind=\"FILING\"}")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"forwarding-skills-deliver\"")
                // one timer per request stays; Spring Security's per-filter observations are off (their cost per case)
                .contains("http_server_requests_seconds_count")
                .doesNotContain("spring_security_filterchains");
    }

    @Test
    void gaugesFollowTheDatabaseAndTheBroker() throws Exception {
        String caseId = submit();
        double before = metric("bridge_clocks_overdue{kind=\"COMPLETENESS\"}");
        jdbc.sql("""
                        INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date,
                          provisional) VALUES (:c, 'COMPLETENESS', :at, DATE '2026-11-10', 5, DATE '2026-11-16', FALSE)""")
                .param("c", caseId).param("at", OffsetDateTime.parse("2026-11-10T09:00:00+08:00")).update();
        jdbc.sql("""
                        INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date,
                          provisional) VALUES (:c, 'COMPLETENESS', :at, DATE '2026-11-27', 5, DATE '2026-12-04', FALSE)""")
                .param("c", caseId).param("at", OffsetDateTime.parse("2026-11-27T09:00:00+08:00")).update();
        jms.convertAndSend("bridge.ministry.reports.DLQ", "{\"recordId\":0}");

        double parked = metric("bridge_mapping_failures_open");
        jdbc.sql("""
                        INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at)
                        VALUES (:c, 'education', '博士后', 'code-table:education', CURRENT_TIMESTAMP)""")
                .param("c", caseId).update();

        assertThat(metric("bridge_mapping_failures_open")).isEqualTo(parked + 1);
        jdbc.sql("UPDATE mapping_failure SET resolved_at = CURRENT_TIMESTAMP WHERE case_id = ? AND resolved_at IS NULL")
                .param(caseId).update();
        assertThat(metric("bridge_mapping_failures_open")).as("resolved by a replay").isEqualTo(parked);
        assertThat(metric("bridge_clocks_overdue{kind=\"COMPLETENESS\"}")).isEqualTo(before + 1);
        assertThat(metric("bridge_queue_depth{queue=\"bridge.ministry.reports.DLQ\"}")).isEqualTo(1);
        assertThat(metric("bridge_dead_letters{queue=\"bridge.ministry.reports.DLQ\"}")).isEqualTo(1);
        long cases = jdbc.sql("SELECT COUNT(*) FROM filing_case").query(Long.class).single();
        // one scrape, so one reading of the states: a case moving on between two scrapes would be counted in neither
        String scrape = get("/actuator/prometheus", true).body();
        double counted = 0;
        for (var state : cn.gov.sc.rst.filingbridge.cases.CaseState.values()) {
            counted += metric(scrape, "bridge_cases{state=\"" + state.name() + "\"}");
        }
        assertThat(counted).isEqualTo(cases);
    }

    /**
     * A message whose consumer keeps failing is dead-lettered by the broker itself, not by a route: Artemis puts it on
     * the dead-letter address {@code bridge.dead-letter}, in a queue it creates and names {@code DLQ.<address>}. That
     * queue's depth is in {@code bridge_queue_depth} under its own name (and in {@code bridge_dead_letters}); there is
     * no series for a queue named {@code bridge.dead-letter}, which never holds anything and read 0 while letters
     * waited. Taking the letter off brings the depth back to 0.
     */
    @Test
    void aLetterTheBrokerDeadLettersShowsInTheQueueDepthUnderTheQueueItIsIn() throws Exception {
        String queue = "DLQ." + POISON;
        // a consumer of its own, not the context's caching factory, which would keep the consumers open
        ConnectionFactory uncached = connections instanceof SingleConnectionFactory single
                && single.getTargetConnectionFactory() != null ? single.getTargetConnectionFactory() : connections;
        jms.convertAndSend(POISON, "{\"recordId\":0}");

        int deliveries = 0;
        try (Connection connection = uncached.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(POISON))) {
            connection.start();
            while (consumer.receive(3000) != null) {
                deliveries++;
                session.rollback(); // the consumer failed: the broker counts the delivery
            }
        }

        assertThat(deliveries).as("deliveries before the broker gave the message up").isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric("bridge_queue_depth{queue=\"" + queue + "\"}")).isEqualTo(1));
        assertThat(metric("bridge_dead_letters{queue=\"" + queue + "\"}")).isEqualTo(1);
        assertThat(get("/actuator/prometheus", true).body())
                .doesNotContain("bridge_queue_depth{queue=\"" + DeadLetters.BROKER_DEAD_LETTER_ADDRESS + "\"}");

        try (Connection connection = uncached.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = session.createConsumer(
                     session.createQueue(DeadLetters.BROKER_DEAD_LETTER_ADDRESS + "::" + queue))) {
            connection.start();
            Message letter = consumer.receive(3000);
            assertThat(letter).as("the letter on " + queue).isNotNull();
            assertThat(letter.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo(POISON);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric("bridge_queue_depth{queue=\"" + queue + "\"}")).isZero());
    }

    @Test
    void retriesAndDeliveryLatencyAreMeasuredAsDeliveriesHappen() throws Exception {
        // the cases of the tests before this one delivered first, so that the counts below move for this case only
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM filing_case WHERE state = 'RECEIVED'").query(Long.class).single() == 0);
        double retries = metric("bridge_delivery_retries_total{target=\"SKILLS\"}");
        double delivered = metric("bridge_delivery_latency_seconds_count{target=\"SKILLS\"}");
        SKILLS.mode(Mode.FAIL_5XX);

        String caseId = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT attempts FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId).query(Integer.class)
                .optional().orElse(0) >= 2);
        SKILLS.mode(Mode.OK);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.sql(
                "SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(String.class).optional().orElse("")));

        assertThat(metric("bridge_delivery_retries_total{target=\"SKILLS\"}")).isGreaterThanOrEqualTo(retries + 2);
        assertThat(metric("bridge_delivery_latency_seconds_count{target=\"SKILLS\"}")).isEqualTo(delivered + 1);
    }

    private double metric(String series) throws Exception {
        return metric(get("/actuator/prometheus", true).body(), series);
    }

    private static double metric(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as(series + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private String submit() {
        return submitValidCase("SC-OBS-").caseId();
    }

    private HttpResponse<String> get(String path, boolean operator) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (operator) {
            request.header("Authorization", operatorAuth());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A port nothing listens on: bound, noted, released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
