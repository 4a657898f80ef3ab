package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.load.CaseBodies;
import cn.gov.sc.rst.filingbridge.load.CasePusher;
import cn.gov.sc.rst.filingbridge.load.WindowClient;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.testsupport.SharedStack;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gateways, each its own JVM with its own data directory, share one PostgreSQL and one standalone Artemis; the
 * skills-system simulator runs in this JVM and counts what arrives per Idempotency-Key. Signed load goes to both
 * instances; one is killed with SIGKILL in the middle of it and started again. Then, with both sweeping every 250 ms,
 * some cases get a supplement window that has passed and others an overdue completeness clock. Afterwards:
 * <ul>
 *   <li>every receipted case is held by the skills simulator once, under one Idempotency-Key;</li>
 *   <li>every outbox entry was marked relayed by one of the two instances, both relayed, and the broker dropped at
 *       most the one batch the killed instance may have sent but not marked (every instance relaying every entry
 *       would make it drop thousands);</li>
 *   <li>each expired supplement window terminated its case once, each overdue clock alerted once.</li>
 * </ul>
 */
class TwoInstancesIT {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    private static final int CLIENTS_PER_INSTANCE = 4;
    /** Kill instance A once it gave this many receipts, or when {@link #LOAD_BEFORE_KILL} is over. */
    private static final int KILL_AFTER_RECEIPTS_FROM_A = 150;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(8);
    /** Instance B keeps taking cases this long after the kill. */
    private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(3);
    private static final int MIN_RECEIPTS = 50;
    private static final int TERMINATIONS = 15;
    private static final int ALERTS = 60;
    /** The relay's batch (routes/forwarding-outbox.camel.yaml): what one kill may leave sent but unmarked. */
    private static final int RELAY_BATCH = 500;
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "two-instances");
    private static final List<String> GATEWAY_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");
    private static final Pattern TERMINATED_LINE = Pattern.compile("case \\S+ terminated: supplement window ended");

    private final ObjectMapper json = new ObjectMapper();
    private final List<ForkedGateway> gateways = new CopyOnWriteArrayList<>();
    private TestPostgres postgres;
    private StandaloneArtemis broker;
    private SkillsSimulator skills;
    private PlatformSimulator platform;

    @TempDir
    Path work;

    @AfterEach
    void stopEverything() throws Exception {
        SharedStack.stop(gateways, postgres, skills, platform, broker);
    }

    @Test
    void twoInstancesOneKilledMidLoadRelayDeliverSweepAndAlertEachThingOnce() throws Exception {
        long began = System.nanoTime();
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
        postgres = TestPostgres.start();
        broker = StandaloneArtemis.start(work.resolve("broker"));
        skills = SkillsSimulator.start(0);
        platform = SharedStack.platform();
        JdbcClient db = JdbcClient.create(postgres.superuserDataSource());

        ForkedGateway a = fork("gateway-a", "a-1-killed.log");
        ForkedGateway b = fork("gateway-b", "b.log");
        a.awaitReady(STARTUP);
        b.awaitReady(STARTUP);
        double startSeconds = (System.nanoTime() - began) / 1e9;

        // Load on both; SIGKILL to A in the middle of it; B goes on a little longer.
        Map<String, String> receipted = new ConcurrentHashMap<>();
        AtomicInteger receiptsFromA = new AtomicInteger();
        List<String> unexpectedAnswers = new CopyOnWriteArrayList<>();
        AtomicInteger unanswered = new AtomicInteger();
        CasePusher onA = pusher(a, "TWIN" + run + "A-", receipted, receiptsFromA, unexpectedAnswers, unanswered);
        CasePusher onB = pusher(b, "TWIN" + run + "B-", receipted, new AtomicInteger(), unexpectedAnswers, unanswered);
        long loadStart = System.nanoTime();
        onA.start();
        onB.start();
        await("receipts from A before the kill").atMost(LOAD_BEFORE_KILL.plusSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> receiptsFromA.get() >= KILL_AFTER_RECEIPTS_FROM_A
                        || System.nanoTime() - loadStart >= LOAD_BEFORE_KILL.toNanos());
        int inFlightAtKill = onA.inFlight();
        int exitStatus = a.killHard();
        long killedAt = System.nanoTime();
        assertThat(onA.stopAndAwait(Duration.ofSeconds(40))).as("clients of A stopped").isTrue();
        await("B's load after the kill").atMost(LOAD_AFTER_KILL.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.nanoTime() - killedAt >= LOAD_AFTER_KILL.toNanos());
        assertThat(onB.stopAndAwait(Duration.ofSeconds(40))).as("clients of B stopped").isTrue();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        assertThat(exitStatus).as("exit status of a JVM ended by SIGKILL").isEqualTo(ForkedGateway.KILLED_BY_SIGKILL);
        assertThat(unexpectedAnswers).as("answers other than 200").isEmpty();
        Map<String, String> receipts = Map.copyOf(receipted);
        assertThat(receipts).as("receipts").hasSizeGreaterThanOrEqualTo(MIN_RECEIPTS);
        assertThat(receiptsFromA.get()).as("receipts from A before the kill").isPositive();

        ForkedGateway a2 = fork("gateway-a", "a-2-restarted.log").awaitReady(STARTUP);

        // Every receipted case reaches the skills system, once per Idempotency-Key.
        await("every receipted case delivered to the skills simulator").atMost(DRAIN).pollInterval(Duration.ofMillis(250))
                .until(() -> skillsKeys(db, receipts.values()).size() == receipts.size());
        Map<String, String> keyByCase = skillsKeys(db, receipts.values());
        List<String> held = skills.keys();
        List<String> notHeldOnce = new ArrayList<>();
        keyByCase.forEach((caseId, key) -> {
            long times = held.stream().filter(key::equals).count();
            if (times != 1 || skills.record(key) == null) {
                notHeldOnce.add(caseId + " key " + key + " held " + times + " times");
            }
        });
        assertThat(notHeldOnce).as("receipted cases not held exactly once by the skills simulator").isEmpty();
        assertThat(held).as("keys held by the skills simulator").doesNotHaveDuplicates();

        // Both instances sweep every 250 ms: passed supplement windows and overdue completeness clocks.
        List<String> caseIds = keyByCase.keySet().stream().sorted().toList();
        List<String> toTerminate = caseIds.subList(0, Math.min(TERMINATIONS, caseIds.size()));
        List<String> toAlert = caseIds.subList(toTerminate.size(), Math.min(toTerminate.size() + ALERTS, caseIds.size()));
        passDeadlines(postgres.superuserDataSource(), toTerminate, toAlert);
        await("each expired supplement window terminated its case").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> count(db, "SELECT COUNT(*) FROM filing_case WHERE state = 'TERMINATED' AND case_id IN (:ids)",
                        toTerminate) == toTerminate.size());
        await("each overdue completeness clock alerted").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> count(db, """
                        SELECT COUNT(*) FROM case_clock WHERE clock_kind = 'COMPLETENESS' AND alerted_at IS NOT NULL
                          AND case_id IN (:ids)""", toAlert) == toAlert.size());
        // some eight more sweeps by each instance, which must find nothing left to do
        await("no further terminations or alerts").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> count(db, "SELECT COUNT(*) FROM case_event WHERE event_type = 'terminated' AND case_id IN (:ids)",
                        toTerminate) == toTerminate.size()
                        && count(db, "SELECT COUNT(*) FROM case_event WHERE event_type = 'clock-overdue' AND case_id IN (:ids)",
                        toAlert) == toAlert.size());

        Map<String, Long> terminatedEvents = countBy(db, """
                SELECT case_id AS k, COUNT(*) AS n FROM case_event WHERE event_type = 'terminated' AND case_id IN (:ids)
                GROUP BY case_id""", toTerminate);
        Map<String, Long> alertEvents = countBy(db, """
                SELECT message_ref AS k, COUNT(*) AS n FROM case_event WHERE event_type = 'clock-overdue'
                  AND case_id IN (:ids) GROUP BY message_ref""", toAlert);
        List<String> alertedClocks = db.sql("""
                SELECT 'clock:' || clock_id FROM case_clock WHERE clock_kind = 'COMPLETENESS' AND case_id IN (:ids)""")
                .param("ids", toAlert).query(String.class).list();
        Map<String, Long> firedTwice = countBy(db, """
                SELECT message_ref AS k, COUNT(*) AS n FROM case_event
                WHERE event_type IN ('terminated', 'clock-overdue', 'clock-provisional-hold') AND message_ref IS NOT NULL
                  AND case_id IN (:ids) GROUP BY message_ref HAVING COUNT(*) > 1""", caseIds);

        // Every outbox entry (intake, mapping, terminations) relayed and marked by one of the two instances.
        await("outbox drained").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> db.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
        Map<String, Long> relayedBy = db.sql("""
                SELECT COALESCE(relayed_by, '(none)') AS k, COUNT(*) AS n FROM outbox GROUP BY relayed_by""")
                .query((rs, i) -> Map.entry(rs.getString("k"), rs.getLong("n"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long outboxRows = relayedBy.values().stream().mapToLong(Long::longValue).sum();
        int droppedByBroker = occurrences(broker.log(), "AMQ222059");
        int stopA = a2.stopGracefully(Duration.ofSeconds(30));
        int stopB = b.stopGracefully(Duration.ofSeconds(30));
        Map<String, Integer> terminationsLoggedBy = Map.of(
                "gateway-a (restarted)", matches(a2.log(), TERMINATED_LINE), "gateway-b", matches(b.log(), TERMINATED_LINE));

        System.out.printf("""
                TwoInstancesIT (logs %s)
                  start: PostgreSQL, Artemis and two gateways ready after %.1f s
                  load : %d clients per instance for %.1f s; %d receipts (%d from A before SIGKILL, %d requests of A in
                         flight at the kill, %d without an answer); A exit status %d, restarted
                  skills simulator: %d keys held, %d posts, %d repeated keys (answered with the first acknowledgement)
                  sweep: %d cases terminated (log lines by instance %s), %d overdue clocks alerted
                  outbox: %d entries, relayed by %s; duplicates dropped by the broker (AMQ222059): %d
                  stop : exit status A %d, B %d; total %.1f s
                """, LOGS.toAbsolutePath(), startSeconds, CLIENTS_PER_INSTANCE, loadSeconds, receipts.size(),
                receiptsFromA.get(), inFlightAtKill, unanswered.get(), exitStatus, held.size(), skills.postCount(),
                skills.duplicateCount(), terminatedEvents.size(), terminationsLoggedBy, alertEvents.size(), outboxRows,
                relayedBy, droppedByBroker, stopA, stopB, (System.nanoTime() - began) / 1e9);

        assertThat(terminatedEvents).as("terminated events per case").hasSize(toTerminate.size())
                .allSatisfy((caseId, n) -> assertThat(n).as("terminated events of %s", caseId).isEqualTo(1L));
        assertThat(alertEvents.keySet()).as("overdue alerts, one per clock")
                .containsExactlyInAnyOrderElementsOf(alertedClocks);
        assertThat(alertEvents).allSatisfy((clock, n) -> assertThat(n).as("alerts of %s", clock).isEqualTo(1L));
        assertThat(firedTwice).as("clock events recorded more than once").isEmpty();
        assertThat(count(db, """
                SELECT COUNT(*) FROM case_clock WHERE clock_kind = 'SUPPLEMENT' AND expired_at IS NOT NULL
                  AND case_id IN (:ids)""", toTerminate)).as("supplement clocks claimed as expired")
                .isEqualTo(toTerminate.size());

        assertThat(relayedBy.keySet()).as("instances that relayed outbox entries")
                .containsExactlyInAnyOrder("gateway-a", "gateway-b");
        assertThat(droppedByBroker).as("duplicates the broker dropped: at most the batch the kill left unmarked, "
                        + "refused in its transaction and then dropped one by one")
                .isLessThanOrEqualTo(2 * RELAY_BATCH);
    }

    private ForkedGateway fork(String instanceId, String logName) throws IOException {
        // the platform's feedback goes to this test's platform simulator, so that it settles instead of retrying
        // against a port no one listens on; the ministry is not part of this test: its queue just fills
        List<String> arguments = new ArrayList<>(SharedStack.gatewayArguments(postgres, broker, instanceId,
                skills.baseUrl(), platform.baseUrl()));
        arguments.add("--bridge.workflow.sweep.interval=250ms");
        ForkedGateway gateway = ForkedGateway.start(work.resolve(instanceId), LOGS.resolve(logName), GATEWAY_JVM,
                arguments);
        gateways.add(gateway);
        return gateway;
    }

    private CasePusher pusher(ForkedGateway gateway, String prefix, Map<String, String> receipted,
                              AtomicInteger receipts, List<String> unexpectedAnswers, AtomicInteger unanswered) {
        return new CasePusher(new WindowClient(gateway.baseUri(), APP_ID, SECRET), CaseBodies.fromFixture(),
                CLIENTS_PER_INSTANCE, prefix, outcome -> {
            if (outcome.receipted()) {
                try {
                    JsonNode receipt = json.readTree(outcome.body());
                    receipted.put(outcome.sblsh(), receipt.path("caseId").asText());
                    receipts.incrementAndGet();
                } catch (IOException unreadable) {
                    unexpectedAnswers.add(outcome.sblsh() + ": unreadable receipt " + outcome.body());
                }
            } else if (outcome.status() != 0) {
                unexpectedAnswers.add(outcome.sblsh() + " -> " + outcome.status() + " " + outcome.body());
            } else {
                unanswered.incrementAndGet();
            }
        });
    }

    /** The Idempotency-Key of each of these cases' skills records that the gateway has settled as delivered. */
    private static Map<String, String> skillsKeys(JdbcClient db, java.util.Collection<String> caseIds) {
        Map<String, String> keys = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(caseIds))) {
            db.sql("""
                    SELECT case_id, idempotency_key FROM outbound_record
                    WHERE target = 'SKILLS' AND status = 'DELIVERED' AND case_id IN (:ids)""")
                    .param("ids", chunk)
                    .query((rs, i) -> keys.put(rs.getString(1), rs.getString(2))).list();
        }
        return keys;
    }

    /**
     * Sets up what the sweep acts on, as the procedure would have left it: the {@code terminate} cases wait for a
     * supplement whose window (5 working days) ended ten days ago; the {@code alert} cases' completeness clocks were due
     * ten days ago.
     */
    private static void passDeadlines(DataSource superuser, List<String> terminate, List<String> alert) {
        JdbcClient db = JdbcClient.create(superuser);
        db.sql("UPDATE filing_case SET state = 'SUPPLEMENT_REQUESTED' WHERE case_id IN (:ids)").param("ids", terminate)
                .update();
        db.sql("""
                INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date, provisional)
                SELECT case_id, 'SUPPLEMENT', now() - INTERVAL '20 days', CURRENT_DATE - 20, 5, CURRENT_DATE - 10, FALSE
                FROM filing_case WHERE case_id IN (:ids)""").param("ids", terminate).update();
        int backdated = db.sql("""
                UPDATE case_clock SET due_date = CURRENT_DATE - 10
                WHERE clock_kind = 'COMPLETENESS' AND stopped_at IS NULL AND case_id IN (:ids)""")
                .param("ids", alert).update();
        assertThat(backdated).as("open completeness clocks of the cases to alert").isEqualTo(alert.size());
    }

    private static long count(JdbcClient db, String sql, List<String> ids) {
        return db.sql(sql).param("ids", ids).query(Long.class).single();
    }

    private static Map<String, Long> countBy(JdbcClient db, String sql, List<String> ids) {
        Map<String, Long> counts = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            db.sql(sql).param("ids", chunk).query((rs, i) -> counts.merge(rs.getString("k"), rs.getLong("n"), Long::sum))
                    .list();
        }
        return counts;
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            chunks.add(ids.subList(i, Math.min(i + 1000, ids.size())));
        }
        return chunks;
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    private static int matches(Path log, Pattern pattern) throws IOException {
        Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
