package cn.gov.sc.rst.filingbridge.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.CommitCounter;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import cn.gov.sc.rst.filingbridge.intake.WindowClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each stage of a case is one durable step: the database commits (an explicit commit, or a writing statement in
 * auto-commit mode) the gateway makes per case, counted at the JDBC connection and told apart by the thread that does
 * the stage's work: intake (the window's request thread, signed request to receipt), mapping (the consumer of the
 * accepted queue: record, event, outbox) and delivery (the consumer of the skills queue: status, event, and the case's
 * move to FORWARDED with its clock). Prints the commits and statements per case of every stage for
 * docs/benchmarks.md ("Commits and statements per case, by stage").
 */
@Import(StageCommitsContract.Counting.class)
abstract class StageCommitsContract extends WindowTestSupport {

    /** Left running for the JVM's life: the cached contexts of both databases keep delivering to it. */
    static final SkillsSimulator SIMULATOR = Peers.skills();
    static final int CASES = 6;

    @DynamicPropertySource
    static void skills(DynamicPropertyRegistry registry) {
        registry.add("bridge.skills.base-url", SIMULATOR::baseUrl);
    }

    /** The stage a thread works for, from its name; everything else by its name without numbers. */
    static String stageOf(String thread) {
        // the window's request thread (signature, nonce) and the async task that runs the platform-http route
        if (thread.startsWith("http-nio") || thread.startsWith("task-")) {
            return "intake";
        }
        if (thread.contains("JmsConsumer[bridge.cases.accepted]")) {
            return "mapping";
        }
        if (thread.contains("JmsConsumer[bridge.skills.deliveries]")) {
            return "delivery";
        }
        // the consumer of the platform's messages: the case's acceptance (SLZTDM 1) delivered and settled
        if (thread.contains("JmsConsumer[bridge.platform.feedback]")) {
            return "platform feedback";
        }
        return "other: " + thread.replaceAll("\\d+", "#");
    }

    @TestConfiguration
    static class Counting {
        @Bean
        static CommitCounter commitCounter() {
            return new CommitCounter(StageCommitsContract::stageOf);
        }
    }

    @Autowired
    CommitCounter counter;

    /**
     * JDBC statements per case each stage makes (docs/benchmarks.md, "Commits and statements per case, by stage"),
     * every one a round trip to the database: a change that adds one fails here and says which stage.
     */
    static final Map<String, Integer> STATEMENTS_PER_CASE = Map.of("intake", 12, "mapping", 7, "delivery", 9,
            "platform feedback", 6);

    @Test
    void eachStageOfACaseIsOneTransaction() {
        deliver(1); // first case: caches and lazy beans warm up outside the count
        counter.reset();

        deliver(CASES);

        Map<String, CommitCounter.Tally> tallies = counter.tallies();
        StringBuilder table = new StringBuilder("commits and statements per case, by stage, on "
                + product() + " (" + CASES + " cases)\n");
        tallies.forEach((stage, t) -> table.append(String.format("  %-60s commits %6.2f  statements %6.2f"
                        + "  (auto-commit writes %6.2f)%n", stage, t.commits() / (double) CASES,
                t.statements() / (double) CASES, t.autoCommitWrites() / (double) CASES)));
        table.append(storedPerCase());
        System.out.println(table);
        StringBuilder sql = new StringBuilder("statements by stage, on " + product() + " (" + CASES + " cases)\n");
        tallies.keySet().forEach(stage -> {
            sql.append("  ").append(stage).append('\n');
            counter.statements(stage).forEach((q, n) -> sql.append(String.format("    %5d  %s%n", n, q)));
        });
        System.out.println(sql);

        assertThat(counter.tally("intake").commits()).as(table.toString()).isEqualTo(CASES);
        assertThat(counter.tally("mapping").commits()).as(table.toString()).isEqualTo(CASES);
        assertThat(counter.tally("delivery").commits()).as(table.toString()).isEqualTo(CASES);
        assertThat(counter.tally("platform feedback").commits()).as(table.toString()).isEqualTo(CASES);
        STATEMENTS_PER_CASE.forEach((stage, perCase) -> assertThat(counter.tally(stage).statements())
                .as("statements of stage %s for %d cases%n%s%n%s", stage, CASES, table, sql)
                .isEqualTo((long) perCase * CASES));
    }

    /**
     * The nonce is claimed in the intake transaction now, so concurrent copies of one signed submission all pass the
     * guard's check: exactly one becomes the case, every other is refused as a replay, and nothing else is stored.
     */
    @Test
    void concurrentReplaysOfOneSubmissionMakeOneCaseAndAreRefusedAsReplays() throws Exception {
        ObjectNode filing = validCase("SC-STG-RACE-" + UUID.randomUUID());
        byte[] body = bytes(filing);
        WindowClient c = client();
        String nonce = "race-" + UUID.randomUUID();
        HttpRequest request = c.signed("POST", "/api/window/v1/cases", body, WindowClient.SECRET,
                        String.valueOf(clock.millis()), nonce)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> c.send(request)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() != 200) {
                    assertThat(response.body()).contains("auth:nonce-reused");
                }
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 401, 401, 401);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(filing.get("SBLSH").asText())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM used_nonce WHERE nonce = ?").param(nonce).query(Integer.class)
                .single()).isEqualTo(1);
    }

    /** A submission refused for its content claims its nonce all the same, once answered: its replay is refused. */
    @Test
    void theNonceOfARefusedSubmissionIsClaimedToo() {
        ObjectNode filing = validCase("SC-STG-BAD-" + UUID.randomUUID());
        filing.remove("SQRMC");
        byte[] body = bytes(filing);
        WindowClient c = client();
        HttpRequest request = c.signed("POST", "/api/window/v1/cases", body, WindowClient.SECRET,
                        String.valueOf(clock.millis()), "refused-" + UUID.randomUUID())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> first = c.send(request);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> replay = c.send(request);
            assertThat(replay.statusCode()).isEqualTo(401);
            assertThat(replay.body()).contains("auth:nonce-reused");
        });
    }

    /** Characters stored per delivered case, by table and column: which parts are multi-kilobyte, and how often. */
    private String storedPerCase() {
        StringBuilder out = new StringBuilder("characters stored per case (a delivered 设立备案 of the intake fixture)\n");
        String[][] columns = {{"filing_case", "payload"}, {"filing_case", "receipt"},
            {"filing_case", "missing_materials"}, {"case_event", "reason"}, {"case_event", "message_ref"},
            {"outbox", "payload"}, {"outbound_record", "payload"}};
        for (String[] c : columns) {
            long chars = jdbc.sql("SELECT COALESCE(SUM(LENGTH(" + c[1] + ")), 0) FROM " + c[0]).query(Long.class).single();
            long cases = count("filing_case");
            out.append(String.format("  %-32s %8.0f%n", c[0] + "." + c[1], chars / (double) cases));
        }
        return out.toString();
    }

    private String product() {
        return jdbc.sql("SELECT 1").query((rs, i) -> {
            try {
                return rs.getStatement().getConnection().getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }).single();
    }

    /**
     * Submits {@code n} new filings one after the other and waits until each is delivered and FORWARDED, and its
     * acceptance delivered to the platform, so that no stage of these cases is still running when they are counted.
     */
    private void deliver(int n) {
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            caseIds.add(submitValidCase("SC-STG-").caseId());
        }
        for (String caseId : caseIds) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "FORWARDED".equals(state(caseId)));
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                    SELECT COUNT(*) FROM outbound_record WHERE case_id = ? AND target = 'PLATFORM'
                      AND status = 'DELIVERED'""").param(caseId).query(Integer.class).single() == 1);
        }
    }
}
