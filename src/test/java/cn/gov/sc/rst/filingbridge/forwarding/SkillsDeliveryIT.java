package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.mapping.CodeTables;
import cn.gov.sc.rst.filingbridge.mapping.SkillsRecords;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator.Mode;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Message;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Accepted cases travel to the skills-system simulator exactly once as it counts them, through outages, 5xx storms,
 * slow and malformed answers; 422 parks, exhaustion dead-letters with the reason, and both replay. The retry schedule is
 * compressed (20 ms growing to 200 ms, giving up after 20 s) so that an hour's worth of attempts runs in seconds. A
 * value missing from a code table parks the case; a table fixed in {@code bridge.mapping.code-tables-dir} is used by
 * the replay.
 */
@org.springframework.test.context.event.RecordApplicationEvents
class SkillsDeliveryIT extends WindowTestSupport {

    static final SkillsSimulator SIMULATOR = Peers.skills();
    /** This class configures its own context, so it needs its own broker journal and database beside the shared one. */
    static final java.nio.file.Path OWN_DATA_DIR = DataDirs.fresh("bridge-delivery-it-");

    @org.springframework.beans.factory.annotation.Value("${bridge.data-dir}")
    String dataDir;

    @Test
    void thisContextHasItsOwnDataDirectory() {
        assertThat(dataDir).isEqualTo(OWN_DATA_DIR.toString());
    }

    @Autowired
    SkillsDelivery delivery;
    @Autowired
    SkillsRecords records;
    @Autowired
    CodeTables codeTables;
    @org.springframework.beans.factory.annotation.Value("${bridge.mapping.code-tables-dir}")
    String codeTablesDir;
    @Autowired
    JmsTemplate jms;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SIMULATOR::baseUrl);
        Peers.compressedRetries(registry);
    }

    @Autowired
    cn.gov.sc.rst.filingbridge.signing.MessageVerifier verifier;

    @org.junit.jupiter.api.BeforeEach
    void peerChecksSignaturesLikeTheRealSystem() {
        SIMULATOR.requireSignatures((body, header) -> verifier.verify(body,
                cn.gov.sc.rst.filingbridge.signing.DetachedSignature.fromHeaders(header)).subject());
    }

    @AfterEach
    void peerBackToNormal() throws IOException {
        SIMULATOR.mode(Mode.OK);
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    private java.net.http.HttpResponse<String> ops(String method, String path, String password) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        if (password != null) {
            request.header("Authorization", basicAuth(OPERATOR, password));
        }
        return client().send(request.build());
    }

    private String submit() {
        return submit(validCase("SC-DLV-" + UUID.randomUUID()));
    }

    private String submit(ObjectNode filing) {
        return submitAccepted(filing);
    }

    private String status(String caseId) {
        return jdbc.sql("SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(String.class)
                .optional().orElse("NONE");
    }

    private int attempts(String caseId) {
        return jdbc.sql("SELECT attempts FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(Integer.class)
                .optional().orElse(0);
    }

    private String lastError(String caseId) {
        return jdbc.sql("SELECT last_error FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(String.class)
                .optional().orElse("");
    }

    private void awaitStatus(String caseId, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(caseId), expected::equals);
    }

    private long storedOnce(String caseId) {
        return SIMULATOR.keys().stream().filter(k -> k.equals(caseId + ":1")).count();
    }

    @Test
    void anAcceptedCaseIsMappedRoutedAndDeliveredOnce() throws Exception {
        String caseId = submit();

        awaitStatus(caseId, "DELIVERED");

        assertThat(storedOnce(caseId)).isEqualTo(1);
        assertThat(SIMULATOR.signerOf(caseId + ":1")).as("SM2 signature verified by the peer").contains("CN=");
        JsonNode record = json.readTree(SIMULATOR.record(caseId + ":1"));
        assertThat(record.at("/schema").asText()).isEqualTo("skills-record/v1");
        assertThat(record.at("/authority/areaCode").asText()).isEqualTo("510100");
        assertThat(record.at("/authority/reason").asText()).contains("成都市").contains("技师");
        assertThat(jdbc.sql("SELECT state FROM filing_case WHERE case_id = ?").param(caseId).query(String.class).single())
                .isEqualTo("FORWARDED");
        List<String> events = jdbc.sql("SELECT event_type FROM case_event WHERE case_id = ?"
                + " AND event_type NOT LIKE 'platform-%' ORDER BY seq").param(caseId)
                .query(String.class).list();
        // the delivery is recorded by forwarding, the state change by the workflow (RECEIVED -> FORWARDED)
        assertThat(events).containsExactly("case-received", "mapped", "delivered", "forwarded");
    }

    @Autowired
    org.springframework.test.context.event.ApplicationEvents published;

    /**
     * A settlement is guarded by the record's current status: an answer to a record already delivered (a redelivered
     * message, a second instance, a late answer) changes nothing. Before, each such answer wrote another "delivered"
     * event and published DeliveredToSkills again.
     */
    @Test
    void settlingAnAlreadyDeliveredRecordAgainPublishesNothingMore() throws Exception {
        String caseId = submit();
        awaitStatus(caseId, "DELIVERED");
        long recordId = delivery.records(OutboundStatus.DELIVERED).stream().filter(r -> r.caseId().equals(caseId))
                .findFirst().orElseThrow().recordId();
        HttpPeerRequest again = new HttpPeerRequest(recordId, caseId + ":1", SkillsDelivery.PATH, new byte[0],
                java.util.Map.of());

        delivery.outcome(again, 200, "{\"receivedAt\":\"2026-12-06T10:00:00+08:00\"}", java.util.Map.of());
        delivery.outcome(again, 201, "{}", java.util.Map.of());
        delivery.outcome(again, 422, "{\"error\":\"a late refusal\"}", java.util.Map.of());

        assertThat(published.stream(cn.gov.sc.rst.filingbridge.events.DeliveredToSkills.class)
                .filter(e -> e.caseId().equals(caseId))).as("no second DeliveredToSkills").isEmpty();
        assertThat(status(caseId)).isEqualTo("DELIVERED");
        assertThat(lastError(caseId)).isNullOrEmpty();
        List<String> events = jdbc.sql("SELECT event_type FROM case_event WHERE case_id = ?"
                + " AND event_type NOT LIKE 'platform-%' ORDER BY seq").param(caseId)
                .query(String.class).list();
        assertThat(events).containsExactly("case-received", "mapped", "delivered", "forwarded");
        assertThat(storedOnce(caseId)).isEqualTo(1);
    }

    @Test
    void aPeerDownForAnHoursWorthOfAttemptsGetsEveryRecordOnceWhenItIsBack() throws Exception {
        SIMULATOR.mode(Mode.DOWN);
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cases.add(submit());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.stream().allMatch(c -> attempts(c) >= 12));

        SIMULATOR.mode(Mode.OK);

        cases.forEach(c -> awaitStatus(c, "DELIVERED"));
        cases.forEach(c -> assertThat(storedOnce(c)).isEqualTo(1));
        // (by key: other tests' records may repeat meanwhile, so the simulator's total of duplicates proves nothing)
        cases.forEach(c -> assertThat(SIMULATOR.postCount(c + ":1")).as("POSTed once, when the peer was back")
                .isEqualTo(1));
    }

    @Test
    void aStormOf5xxIsRiddenOut() throws Exception {
        SIMULATOR.mode(Mode.FAIL_5XX);
        String caseId = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(caseId) >= 5);
        assertThat(lastError(caseId)).contains("HTTP 503");

        SIMULATOR.mode(Mode.OK);

        awaitStatus(caseId, "DELIVERED");
        assertThat(storedOnce(caseId)).isEqualTo(1);
    }

    @Test
    void aPeerSlowerThanTheReadTimeoutIsRetriedAndStoresTheRecordOnce() throws Exception {
        SIMULATOR.stallFor(Duration.ofMillis(1500));
        SIMULATOR.mode(Mode.STALL);
        String caseId = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(caseId) >= 1);
        assertThat(lastError(caseId)).containsIgnoringCase("timeout");

        SIMULATOR.mode(Mode.OK);

        awaitStatus(caseId, "DELIVERED");
        assertThat(storedOnce(caseId)).as("the idempotency key keeps the late first attempt and the retry one record")
                .isEqualTo(1);
    }

    @Test
    void aMalformedAnswerIsNotTakenForDelivery() throws Exception {
        SIMULATOR.mode(Mode.GARBAGE);
        String caseId = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(caseId) >= 2);
        assertThat(lastError(caseId)).contains("unreadable acknowledgement");

        SIMULATOR.mode(Mode.OK);

        awaitStatus(caseId, "DELIVERED");
    }

    @Test
    void a422IsParkedWithThePeersMessageAndReplaysAfterTheFix() throws Exception {
        SIMULATOR.mode(Mode.REJECT_422);
        String caseId = submit();
        awaitStatus(caseId, "PARKED");
        assertThat(lastError(caseId)).contains("HTTP 422").contains("record refused by the receiving rules");
        assertThat(attempts(caseId)).as("a 4xx is not retried").isZero();
        long recordId = delivery.records(OutboundStatus.PARKED).stream().filter(r -> r.caseId().equals(caseId)).findFirst()
                .orElseThrow().recordId();
        java.net.http.HttpResponse<String> anonymous = ops("GET", "/api/ops/v1/deliveries?status=PARKED", null);
        java.net.http.HttpResponse<String> listed = ops("GET", "/api/ops/v1/deliveries?status=PARKED", OPERATOR_PASSWORD);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(ops("GET", "/api/ops/v1/deliveries?status=PARKED", "wrong").statusCode()).isEqualTo(401);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(caseId).contains("HTTP 422");

        SIMULATOR.mode(Mode.OK);
        java.net.http.HttpResponse<String> replay = ops("POST", "/api/ops/v1/deliveries/" + recordId + "/replay?status=PARKED",
                OPERATOR_PASSWORD);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        awaitStatus(caseId, "DELIVERED");
        assertThat(jdbc.sql("SELECT actor FROM case_event WHERE case_id = ? AND event_type = 'delivery-replayed'")
                .param(caseId).query(String.class).single()).isEqualTo("operator:" + OPERATOR);
        assertThat(storedOnce(caseId)).isEqualTo(1);
    }

    @Test
    void pastTheScheduleARecordIsDeadLetteredWithItsReasonAndCanBeReplayed() throws Exception {
        SIMULATOR.mode(Mode.FAIL_5XX);
        String caseId = submit();
        await().atMost(Duration.ofSeconds(90)).until(() -> status(caseId), "DEAD"::equals);
        long recordId = delivery.records(OutboundStatus.DEAD).stream().filter(r -> r.caseId().equals(caseId)).findFirst()
                .orElseThrow().recordId();
        jms.setReceiveTimeout(5000);
        Message dead = jms.receiveSelected(SkillsDelivery.DEAD_LETTER_QUEUE, "deadLetterReason LIKE '%503%'");
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("deadLetterReason")).contains("HTTP 503");

        SIMULATOR.mode(Mode.OK);
        delivery.replay(Optional.of(recordId), OutboundStatus.DEAD, "test-operator");

        awaitStatus(caseId, "DELIVERED");
    }

    @Test
    void aValueMissingFromACodeTableParksTheCaseWithFieldValueAndTable() throws Exception {
        ObjectNode filing = validCase("SC-MAP-" + UUID.randomUUID());
        ((ObjectNode) filing.get("BAB").get("assessors").get(1)).put("education", "博士后");
        String caseId = submit(filing);

        await().atMost(Duration.ofSeconds(30)).until(() -> records.openFailures().stream().anyMatch(f -> f.caseId().equals(caseId)));

        SkillsRecords.MappingFailure failure = records.openFailures().stream().filter(f -> f.caseId().equals(caseId))
                .findFirst().orElseThrow();
        assertThat(failure.field()).isEqualTo("BAB.assessors[1].education");
        assertThat(failure.value()).isEqualTo("博士后");
        assertThat(failure.rule()).contains("education");
        assertThat(status(caseId)).isEqualTo("NONE");

        assertThat(records.replay(Optional.of(caseId), "test-operator")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM mapping_failure WHERE case_id = ?").param(caseId).query(Integer.class).single() == 2);
        assertThat(records.openFailures()).filteredOn(f -> f.caseId().equals(caseId)).hasSize(1);
    }

    @Test
    void aCodeTableFixedInTheDirectoryIsUsedWhenTheParkedCaseIsReplayed() throws Exception {
        ObjectNode filing = validCase("SC-MAP-" + UUID.randomUUID());
        ((ObjectNode) filing.get("BAB").get("assessors").get(1)).put("education", "博士后");
        String caseId = submit(filing);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> records.openFailures().stream().anyMatch(f -> f.caseId().equals(caseId)));
        ObjectNode education;
        try (var in = getClass().getClassLoader().getResourceAsStream("mappings/skills/code-tables/education.json")) {
            education = (ObjectNode) json.readTree(in);
        }
        ((ObjectNode) education.get("codes")).put("博士后", "10");
        education.put("source", education.get("source").asText() + "; 博士后 → 10 added by the operators (test)");
        Path directory = Path.of(codeTablesDir);
        Files.createDirectories(directory);
        Path fixed = directory.resolve("education.json");
        try {
            Files.writeString(fixed, "{\"codes\": {\"博士后\": \"10\"}}", StandardCharsets.UTF_8);
            HttpResponse<String> refused = ops("POST", "/api/ops/v1/mapping-failures/" + caseId + "/replay",
                    OPERATOR_PASSWORD);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("education.json").contains("source").contains("未重放");
            assertThat(records.openFailures()).as("still parked").anyMatch(f -> f.caseId().equals(caseId));

            Files.writeString(fixed, json.writeValueAsString(education), StandardCharsets.UTF_8);
            HttpResponse<String> replayed = ops("POST", "/api/ops/v1/mapping-failures/" + caseId + "/replay",
                    OPERATOR_PASSWORD);

            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            awaitStatus(caseId, "DELIVERED");
            assertThat(json.readTree(SIMULATOR.record(caseId + ":1")).at("/assessors/1/educationCode").asText())
                    .isEqualTo("10");
            assertThat(records.openFailures()).noneMatch(f -> f.caseId().equals(caseId));
        } finally {
            Files.deleteIfExists(fixed);
            codeTables.reload();
        }
    }

    @Test
    void aLaterVersionWaitsUntilTheEarlierOneOfTheSameCaseIsDelivered() throws Exception {
        SIMULATOR.mode(Mode.FAIL_5XX);
        String caseId = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(caseId) >= 1);
        String v1 = jdbc.sql(
                "SELECT payload FROM outbound_record WHERE case_id = ? AND target = 'SKILLS' AND record_version = 1")
                .param(caseId).query(String.class).single();
        ObjectNode v2 = (ObjectNode) json.readTree(v1);
        v2.put("recordVersion", 2);
        jdbc.sql("""
                INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status, attempts,
                  created_at, updated_at) VALUES (?, 'SKILLS', 2, ?, ?, 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .params(caseId, caseId + ":2", json.writeValueAsString(v2)).update();
        long v2Id = jdbc.sql("SELECT record_id FROM outbound_record WHERE idempotency_key = ?").param(caseId + ":2")
                .query(Long.class).single();
        jms.convertAndSend(SkillsDelivery.QUEUE, "{\"recordId\":" + v2Id + "}");

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT last_error FROM outbound_record WHERE record_id = ?").param(v2Id).query(String.class)
                .optional().orElse(""), e -> e.contains("earlier version"));
        assertThat(SIMULATOR.keys()).doesNotContain(caseId + ":2");

        SIMULATOR.mode(Mode.OK);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbound_record WHERE case_id = ? AND target = 'SKILLS' AND status = 'DELIVERED'")
                .param(caseId).query(Integer.class).single() == 2);
        assertThat(SIMULATOR.keys()).containsSubsequence(caseId + ":1", caseId + ":2");
    }

    @Test
    void aSignatureThePeerRejectsParksTheRecordWithThePeersReason() {
        SIMULATOR.requireSignatures((body, header) -> {
            throw new IllegalStateException("certificate serial " + header.apply("X-Signature-Cert") + " is not trusted here");
        });
        String caseId = submit();

        awaitStatus(caseId, "PARKED");

        assertThat(lastError(caseId)).contains("HTTP 401").contains("signature rejected").contains("not trusted here");
        assertThat(storedOnce(caseId)).isZero();
    }
}
