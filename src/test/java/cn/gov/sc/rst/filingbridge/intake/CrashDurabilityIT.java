package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.load.CaseBodies;
import cn.gov.sc.rst.filingbridge.load.CasePusher;
import cn.gov.sc.rst.filingbridge.load.WindowClient;
import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.wiring.EmbeddedPostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receipt is a promise: once the window answered 200, the case, its first event and its outbox entry are on disk.
 * The gateway runs as its own JVM with the default durable configuration, takes concurrent signed submissions, is
 * killed with SIGKILL in the middle of them and restarted on the same data directory. Every case that got a receipt
 * must be there with its first event, and the outbox relay must bring every one of them to the accepted-cases queue.
 */
class CrashDurabilityIT {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    private static final String ACCEPTED_QUEUE = "bridge.cases.accepted";
    private static final int CLIENTS = 8;
    /** Kill once this many receipts came back, or when {@link #MAX_LOAD} is over, whichever is first. */
    private static final int KILL_AFTER_RECEIPTS = 400;
    private static final Duration MAX_LOAD = Duration.ofSeconds(12);
    /** Fewer receipts than this before the kill would prove too little. */
    private static final int MIN_RECEIPTS = 50;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "crash-durability");
    /** C1 only: the forked JVMs start about twice as fast on two busy cores; durability does not depend on the JIT. */
    private static final List<String> GATEWAY_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");
    /**
     * Intake and relay only: nothing else consumes bridge.cases.accepted, so the test sees every event there; the
     * demo's skills and platform simulators take free ports instead of 8092 and 8094.
     */
    private static final List<String> INTAKE_AND_RELAY = List.of(
            "--camel.main.routes-exclude-pattern=**/mapping-skills.camel.yaml",
            "--bridge.demo.skills-simulator-port=0",
            "--bridge.demo.platform-simulator-port=0");

    private final ObjectMapper json = new ObjectMapper();
    private final List<ForkedGateway> gateways = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void killLeftovers() {
        gateways.forEach(ForkedGateway::killIfAlive);
        EmbeddedPostgresServer.stopOrphanedPostmaster(dataDir.resolve("pg"));
    }

    @Test
    void everyReceiptedCaseSurvivesKillMinusNineAndReachesTheAcceptedQueue() throws Exception {
        long began = System.nanoTime();
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();

        // First life: concurrent submissions, then SIGKILL while requests are in flight.
        ForkedGateway first = fork("run1-killed.log", List.of()).awaitReady(STARTUP);
        Map<String, String> receipted = new ConcurrentHashMap<>();
        List<String> unexpectedAnswers = new CopyOnWriteArrayList<>();
        AtomicInteger unanswered = new AtomicInteger();
        CasePusher pusher = new CasePusher(new WindowClient(first.baseUri(), APP_ID, SECRET), CaseBodies.fromFixture(),
                CLIENTS, "CRASH" + run + "-", outcome -> {
            if (outcome.receipted()) {
                try {
                    receipted.put(outcome.sblsh(), receiptCaseId(outcome));
                } catch (RuntimeException unreadable) {
                    unexpectedAnswers.add(unreadable.getMessage());
                }
            } else if (outcome.status() != 0) {
                unexpectedAnswers.add(outcome.sblsh() + " -> " + outcome.status() + " " + outcome.body());
            } else {
                unanswered.incrementAndGet();
            }
        });
        long loadStart = System.nanoTime();
        pusher.start();
        await("receipts before the kill").atMost(MAX_LOAD.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> receipted.size() >= KILL_AFTER_RECEIPTS
                        || System.nanoTime() - loadStart >= MAX_LOAD.toNanos());
        int inFlightAtKill = pusher.inFlight();
        int receiptsAtKill = receipted.size();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        int exitStatus = first.killHard();
        boolean pidGone = ProcessHandle.of(first.pid()).map(p -> !p.isAlive()).orElse(true);
        assertThat(pusher.stopAndAwait(Duration.ofSeconds(40))).as("clients stopped").isTrue();

        assertThat(exitStatus).as("exit status of a JVM ended by SIGKILL").isEqualTo(ForkedGateway.KILLED_BY_SIGKILL);
        assertThat(first.isAlive()).isFalse();
        assertThat(pidGone).as("pid %s is gone", first.pid()).isTrue();
        assertThat(unexpectedAnswers).as("answers other than 200 before the kill").isEmpty();
        Map<String, String> receipts = Map.copyOf(receipted);
        assertThat(receipts).as("receipts before the kill").hasSizeGreaterThanOrEqualTo(MIN_RECEIPTS);
        assertThat(receipts.values()).as("one caseId per receipt").doesNotHaveDuplicates();

        // Second life on the same data directory, with a test-only TCP acceptor on the embedded broker
        // (Artemis applies `brokerconfig.*` system properties to its configuration at start).
        int brokerPort = ForkedGateway.freePort();
        ForkedGateway second = fork("run2-restarted.log", List.of(
                "-Dbrokerconfig.acceptorConfigurations.crashtest.factoryClassName="
                        + "org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory",
                "-Dbrokerconfig.acceptorConfigurations.crashtest.params.host=127.0.0.1",
                "-Dbrokerconfig.acceptorConfigurations.crashtest.params.port=" + brokerPort)).awaitReady(STARTUP);
        long restarted = System.nanoTime();

        List<String> notAsReceipted = casesNotAsReceipted(new WindowClient(second.baseUri(), APP_ID, SECRET), receipts);
        assertThat(notAsReceipted).as("%d of %d receipted cases missing or different after the restart",
                notAsReceipted.size(), receipts.size()).isEmpty();

        int messages;
        int distinctOnQueue;
        try (QueueWatcher queue = QueueWatcher.open(brokerPort, ACCEPTED_QUEUE)) {
            await("every receipted case on " + ACCEPTED_QUEUE).atMost(DRAIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> queue.caseIds().containsAll(receipts.values()));
            assertThat(queue.malformed()).as("messages whose caseId property and body disagree").isEmpty();
            messages = queue.messages();
            distinctOnQueue = queue.caseIds().size();
        }
        double drainSeconds = (System.nanoTime() - restarted) / 1e9;
        int stopStatus = second.stopGracefully(Duration.ofSeconds(30));

        // Offline, with the gateway stopped: every receipted case has exactly one first event and one outbox row,
        // and the outbox has nothing left unsent.
        Map<String, StoredFacts> stored = readStore();
        List<String> incomplete = new ArrayList<>();
        receipts.forEach((sblsh, caseId) -> {
            StoredFacts facts = stored.get(sblsh);
            if (facts == null || !facts.caseId().equals(caseId) || facts.firstEvents() != 1 || facts.outboxRows() != 1
                    || facts.unsentRows() != 0) {
                incomplete.add(sblsh + " receipt caseId " + caseId + ", stored " + facts);
            }
        });
        long unsent = stored.values().stream().mapToLong(StoredFacts::unsentRows).sum();

        System.out.printf("""
                CrashDurabilityIT (data %s, logs %s)
                  first life : %d clients for %.1f s, %d receipts when SIGKILL was sent, %d requests in flight,
                               %d receipts in all (answers that left before the kill), %d requests without
                               an answer (in flight at the kill, or refused connections after it);
                               exit status %d
                  second life: %d of %d receipted cases found by GET with their receipt's caseId and first event;
                               %d stored cases in all (%d committed without a receipt reaching the client);
                               queue %s: %d messages, %d distinct caseIds, every receipted caseId among them
                               after %.1f s; outbox unsent after stop: %d; exit status %d
                  total %.1f s
                """, dataDir, LOGS.toAbsolutePath(), CLIENTS, loadSeconds, receiptsAtKill, inFlightAtKill,
                receipts.size(), unanswered.get(), exitStatus, receipts.size() - notAsReceipted.size(), receipts.size(),
                stored.size(), stored.size() - receipts.size(), ACCEPTED_QUEUE, messages, distinctOnQueue, drainSeconds,
                unsent, stopStatus, (System.nanoTime() - began) / 1e9);

        assertThat(incomplete).as("receipted cases without their first event, outbox row or relay").isEmpty();
        assertThat(unsent).as("outbox entries left unsent after the drain").isZero();
        assertThat(distinctOnQueue).as("distinct caseIds on the queue: no more than the stored cases")
                .isLessThanOrEqualTo(stored.size());
    }

    private ForkedGateway fork(String logName, List<String> extraJvmOptions) throws Exception {
        List<String> options = new ArrayList<>(GATEWAY_JVM);
        options.addAll(extraJvmOptions);
        ForkedGateway gateway = ForkedGateway.start(dataDir, LOGS.resolve(logName), options, INTAKE_AND_RELAY);
        gateways.add(gateway);
        return gateway;
    }

    private String receiptCaseId(CasePusher.Outcome outcome) {
        try {
            JsonNode receipt = json.readTree(outcome.body());
            if (!outcome.sblsh().equals(receipt.path("SBLSH").asText())) {
                throw new IllegalStateException("receipt for another SBLSH: " + outcome.body());
            }
            return receipt.path("caseId").asText();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable receipt for " + outcome.sblsh() + ": " + outcome.body(), e);
        }
    }

    /** Signed GETs, CLIENTS at a time; returns a line for each case that is not as its receipt said. */
    private List<String> casesNotAsReceipted(WindowClient client, Map<String, String> receipts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<String>> checks = new ArrayList<>();
            receipts.forEach((sblsh, caseId) -> checks.add(() -> {
                HttpResponse<String> response = client.get(sblsh);
                if (response.statusCode() != 200) {
                    return sblsh + ": GET " + response.statusCode();
                }
                JsonNode view = json.readTree(response.body());
                JsonNode firstEvent = view.path("history").path(0);
                boolean asReceipted = caseId.equals(view.path("caseId").asText())
                        && "RECEIVED".equals(view.path("state").asText())
                        && firstEvent.path("seq").asInt() == 1
                        && IntakeService.EVENT_RECEIVED.equals(firstEvent.path("type").asText());
                return asReceipted ? null : sblsh + ": " + response.body();
            }));
            List<String> problems = new ArrayList<>();
            for (Future<String> check : pool.invokeAll(checks)) {
                if (check.get() != null) {
                    problems.add(check.get());
                }
            }
            return problems;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the default store (embedded PostgreSQL, or the H2 file with bridge.embedded-database=h2) holds per SBLSH. */
    record StoredFacts(String caseId, int firstEvents, int outboxRows, int unsentRows) {
    }

    private Map<String, StoredFacts> readStore() throws SQLException {
        Path pg = dataDir.resolve("pg");
        if (!Files.isDirectory(pg)) {
            String url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("bridge").toAbsolutePath() + ";IFEXISTS=TRUE";
            try (Connection db = DriverManager.getConnection(url, "bridge", "")) {
                return readStore(db);
            }
        }
        // the gateway has stopped, and its embedded PostgreSQL with it: start that on the same directory to read it
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(pg);
             Connection db = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
            return readStore(db);
        }
    }

    private static Map<String, StoredFacts> readStore(Connection db) throws SQLException {
        Map<String, StoredFacts> facts = new HashMap<>();
        try (Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT c.sblsh, c.case_id,
                       (SELECT COUNT(*) FROM case_event e WHERE e.case_id = c.case_id AND e.seq = 1
                          AND e.event_type = 'case-received') AS first_events,
                       (SELECT COUNT(*) FROM outbox o WHERE o.case_id = c.case_id
                          AND o.destination = 'bridge.cases.accepted') AS outbox_rows,
                       (SELECT COUNT(*) FROM outbox o WHERE o.case_id = c.case_id AND o.sent_at IS NULL
                          AND o.destination = 'bridge.cases.accepted') AS unsent_rows
                     FROM filing_case c""")) {
            while (rows.next()) {
                facts.put(rows.getString("sblsh"), new StoredFacts(rows.getString("case_id"), rows.getInt("first_events"),
                        rows.getInt("outbox_rows"), rows.getInt("unsent_rows")));
            }
        }
        return facts;
    }
}
