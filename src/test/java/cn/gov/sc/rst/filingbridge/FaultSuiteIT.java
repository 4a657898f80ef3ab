package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.load.CaseBodies;
import cn.gov.sc.rst.filingbridge.load.CasePusher;
import cn.gov.sc.rst.filingbridge.load.WindowClient;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import cn.gov.sc.rst.filingbridge.testsupport.ResettingProxy;
import cn.gov.sc.rst.filingbridge.testsupport.SharedStack;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fault suite (issue 13): two forked gateways on one embedded PostgreSQL and one standalone Artemis deliver to the
 * skills-system, platform and ministry simulators, under a steady load of signed cases on both, while one thing after
 * another fails:
 * <ol>
 *   <li>the skills system down for "5 minutes" in compressed time (below);</li>
 *   <li>the platform (四川政务服务网, the cases' feedback) down for "5 minutes" the same way;</li>
 *   <li>the ministry (人社部, the filing reports) down for "5 minutes" the same way, while the test, as the skills
 *       system, decides every case of the scenario up to FILED (材料齐全, 现场技术评估 passed, 准予备案), so that each
 *       one is reported;</li>
 *   <li>the skills system committing a record and then resetting the connection before its answer;</li>
 *   <li>{@code kill -9} of one gateway while it forwards, then started again;</li>
 *   <li>Artemis stopped for 60 s and started again on its journal;</li>
 *   <li>PostgreSQL stopped for 60 s and started again on its data and port: meanwhile the window answers 503.</li>
 * </ol>
 * After each, the cases of that scenario (their SBLSHs carry its letter) must come out whole: every case the window
 * receipted (200) exists and is delivered to the simulator; the simulator holds each case once (no Idempotency-Key
 * held twice, no case under two keys); and nothing is stranded: no case of the scenario left RECEIVED or without a
 * delivered skills record, no unsent outbox entry, no message added to any dead-letter queue of the broker. Each
 * scenario measures its time to recover: from the end of the fault until every case receipted by then is delivered
 * (load still running). The table is printed and written to {@code target/fault-suite/table.md}; docs/reliability.md
 * shows it.
 *
 * <p>A peer scenario other than the skills system's also asserts that peer's side ({@link Peer}): every case it must
 * reach (the platform: every accepted case's acceptance feedback; the ministry: every filed case's report) reached the
 * simulator as a DELIVERED record whose key it holds; no message held twice (the platform: one feedback of each type per
 * case; the ministry: one report per filed case); no record of that peer left PENDING, DEAD, PARKED or HELD. Its
 * recovery is measured on that peer: from the end of the outage until everything due to it by then has arrived.
 *
 * <p><b>Compressed time.</b> The gateways run the default retry schedule scaled down 50 times: first retry after
 * 20 ms instead of 1 s, doubling up to 72 s instead of 1 h; {@code give-up-after} keeps its 24 h, so that the real-time
 * 60-second outages of the database and the broker never exhaust it. The "5-minute" skills outage accordingly lasts
 * 6 s: a delivery failing at its start makes the same attempts (the ninth at 5.1 s, as at 256 s in real time) as in a
 * real 5-minute outage. The two infrastructure outages are not compressed. The pool waits 3 s for a connection
 * (production default 30 s), so that the window's 503 comes before the client's 30-s timeout.
 *
 * <p>Each peer's outage is compressed alike: the platform's feedback and the ministry's reports run the same retry
 * schedule ({@code bridge.delivery.*}) as the skills records. The ministry scenario runs one client per instance, not
 * two: each of its cases also costs three decisions, a signed result notice (text and PDF) for the platform and a
 * signed report, and at the full load the two cores would spend the scenario catching up on that rather than on the
 * outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    /**
     * Two clients per instance, each pausing 250 ms between cases: a modest steady load (4 clients in all, about 12
     * cases/s) that two gateways on this 2-core machine carry with room to catch up on what a fault held back. At
     * 50 ms the load alone took the whole machine, and the backlog of a 60-s outage never drained while it ran.
     */
    private static final int CLIENTS_PER_INSTANCE = 2;
    private static final Duration PAUSE = Duration.ofMillis(250);
    /** Load before each fault, and at least this long after it. */
    private static final Duration STEADY = Duration.ofSeconds(3);
    private static final Duration DB_OUTAGE = Duration.ofSeconds(60);
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(60);
    /** 5 minutes at the retry schedule compressed 50 times (see the class comment). */
    private static final Duration PEER_OUTAGE = Duration.ofMinutes(5).dividedBy(50);
    private static final Duration RESETTING = Duration.ofSeconds(6);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(120);
    /** When a scenario did not recover within {@link #DRAIN}, the rest of its cases get this long more. */
    private static final Duration AFTER_NO_RECOVERY = Duration.ofSeconds(20);
    private static final Path LOGS = Path.of("target", "fault-suite");
    private static final List<String> GATEWAY_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");
    private static final Pattern DEAD_LETTER_QUEUE = Pattern.compile("(?i).*(DLQ|dead|ExpiryQueue).*");
    /** The ministry scenario's clients per instance (see the class comment). */
    private static final int MINISTRY_CLIENTS_PER_INSTANCE = 1;
    private static final ZoneId SICHUAN = ZoneId.of("Asia/Shanghai");
    /** The skills system's decisions are signed with its example key, which the demo profile trusts. */
    private static final MessageSigner SKILLS_SIGNER = new MessageSigner(Pkcs12.signingCredential(
            Path.of("certs-example", "skills.p12"), "demo-only".toCharArray(), "skills"));

    private final ObjectMapper json = new ObjectMapper();
    private final List<ForkedGateway> started = new CopyOnWriteArrayList<>();
    private final List<Row> table = new CopyOnWriteArrayList<>();
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    private TestPostgres postgres;
    private StandaloneArtemis broker;
    private SkillsSimulator skills;
    private ResettingProxy proxy;
    private PlatformSimulator platform;
    private MinistrySimulator ministry;
    private JdbcClient db;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Filing numbers (Y000051 + 6 digits) given by this run's FILED decisions: each is unique in the register. */
    private final AtomicInteger filingNumbers = new AtomicInteger(900_000);
    private ForkedGateway a;
    private ForkedGateway b;
    private int restartsOfA;

    /** Static: JUnit injects a per-class {@code @TempDir} only into a static field before {@code @BeforeAll}. */
    @TempDir
    static Path work;

    @BeforeAll
    void startTheStack() throws Exception {
        long began = System.nanoTime();
        postgres = TestPostgres.start(work.resolve("pgdata"));
        broker = StandaloneArtemis.start(work.resolve("broker"));
        skills = SkillsSimulator.start(0);
        proxy = ResettingProxy.start(skills.port());
        platform = SharedStack.platform();
        ministry = Peers.ministry(Clock.systemUTC());
        db = JdbcClient.create(postgres.superuserDataSource());
        a = fork("gateway-a", "a-1.log");
        b = fork("gateway-b", "b.log");
        a.awaitReady(STARTUP);
        b.awaitReady(STARTUP);
        System.out.printf("FaultSuiteIT: PostgreSQL, Artemis and two gateways ready after %.1f s (logs %s)%n",
                (System.nanoTime() - began) / 1e9, LOGS.toAbsolutePath());
    }

    @AfterAll
    void stopTheStackAndPrintTheTable() throws Exception {
        System.out.println("FaultSuiteIT\n" + writeTable());
        SharedStack.stop(started, postgres, proxy, skills, platform, ministry, broker);
    }

    @Test
    @Order(1)
    void skillsSystemDownFiveMinutesInCompressedTime() throws Exception {
        Outcome outcome = scenario("skills system down 5 min (compressed: 6 s)", "P", Set.of(200), () -> {
            skills.mode(SkillsSimulator.Mode.DOWN);
            sleep(PEER_OUTAGE);
            skills.mode(SkillsSimulator.Mode.OK);
            return System.nanoTime();
        });
        outcome.verify(outcome::assertWhole);
    }

    @Test
    @Order(2)
    void platformDownFiveMinutesInCompressedTime() throws Exception {
        Outcome outcome = scenario("platform (feedback) down 5 min (compressed: 6 s)", "F", Set.of(200), Peer.PLATFORM,
                () -> {
                    platform.mode(PlatformSimulator.Mode.DOWN);
                    sleep(PEER_OUTAGE);
                    platform.mode(PlatformSimulator.Mode.OK);
                    return System.nanoTime();
                });
        outcome.verify(outcome::assertWhole);
    }

    @Test
    @Order(3)
    void ministryDownFiveMinutesInCompressedTime() throws Exception {
        Outcome outcome = scenario("ministry (filing reports) down 5 min (compressed: 6 s)", "N", Set.of(200),
                Peer.MINISTRY, () -> {
                    ministry.mode(MinistrySimulator.Mode.DOWN);
                    sleep(PEER_OUTAGE);
                    ministry.mode(MinistrySimulator.Mode.OK);
                    return System.nanoTime();
                });
        outcome.verify(() -> {
            outcome.assertWhole();
            assertThat(outcome.filed()).as("cases filed in the ministry scenario").isPositive();
        });
    }

    @Test
    @Order(4)
    void skillsSystemCommitsThenResetsTheConnection() throws Exception {
        int resetsBefore = proxy.resets();
        int repeatsBefore = skills.duplicateCount();
        Outcome outcome = scenario("skills system commits, then resets the connection", "R", Set.of(200), () -> {
            proxy.resetEvery(2);
            sleep(RESETTING);
            proxy.resetEvery(0);
            return System.nanoTime();
        });
        int resets = proxy.resets() - resetsBefore;
        int repeats = skills.duplicateCount() - repeatsBefore;
        outcome.row().note(resets + " answers reset after commit, " + repeats
                + " repeated keys answered with the first acknowledgement");
        outcome.verify(() -> {
            outcome.assertWhole();
            assertThat(resets).as("answers the proxy reset after the simulator committed").isPositive();
            assertThat(repeats).as("retries of a committed record under its key (the peer's dedup at work)")
                    .isPositive();
        });
    }

    @Test
    @Order(5)
    void killMinus9OfAnInstanceWhileItForwards() throws Exception {
        AtomicInteger exitStatus = new AtomicInteger();
        AtomicInteger deliveringAtKill = new AtomicInteger();
        Outcome outcome = scenario("kill -9 of an instance while it forwards", "K", Set.of(200), new Fault() {
            @Override
            public long inject() throws Exception {
                deliveringAtKill.set(skillsNotYetDelivered());
                exitStatus.set(a.killHard());
                return System.nanoTime();
            }

            @Override
            public void afterKill(Load load) throws Exception {
                load.stopOn(a);
            }

            @Override
            public void afterRecovery(Load load) throws Exception {
                a = fork("gateway-a", "a-" + (2 + restartsOfA++) + "-restarted.log").awaitReady(STARTUP);
                load.on(a, "A2");
                sleep(STEADY);
            }
        });
        outcome.row().note("exit status " + exitStatus.get() + ", " + deliveringAtKill.get()
                + " skills records not yet delivered at the kill, restarted");
        outcome.verify(() -> {
            assertThat(exitStatus.get()).as("exit status of a JVM ended by SIGKILL")
                    .isEqualTo(ForkedGateway.KILLED_BY_SIGKILL);
            outcome.assertWhole();
        });
    }

    @Test
    @Order(6)
    void artemisStoppedForSixtySeconds() throws Exception {
        // the window commits to the database and the outbox: it may go on receipting, or answer 503 if it cannot
        Outcome outcome = scenario("Artemis stopped 60 s", "M", Set.of(200, 503), () -> {
            broker.stop();
            sleep(BROKER_OUTAGE);
            broker.startAgain();
            return System.nanoTime();
        });
        outcome.verify(outcome::assertWhole);
    }

    @Test
    @Order(7)
    void postgresStoppedForSixtySecondsTheWindowAnswers503() throws Exception {
        Outcome outcome = scenario("PostgreSQL stopped 60 s", "D", Set.of(200, 503), new Fault() {
            @Override
            public long inject() throws Exception {
                postgres.stop();
                return 0;
            }

            @Override
            public long holdAndEnd(Load load) throws Exception {
                load.outage(true);
                sleep(DB_OUTAGE);
                load.outage(false);
                postgres.startAgain();
                return System.nanoTime();
            }
        });
        Map<Integer, Integer> duringOutage = outcome.load().statusesDuringOutage();
        outcome.row().note("answers while the database was away: " + duringOutage);
        outcome.verify(() -> {
            assertThat(duringOutage).as("the window answered 503 while the database was away").containsKey(503);
            assertThat(duringOutage).as("no receipt while the database was away").doesNotContainKey(200);
            outcome.assertWhole();
        });
    }

    /** The table so far, also written to {@code target/fault-suite/table.md} (after each scenario). */
    private String writeTable() throws IOException {
        String rendered = Row.render(table);
        Files.createDirectories(LOGS);
        Files.writeString(LOGS.resolve("table.md"), rendered, StandardCharsets.UTF_8);
        return rendered;
    }

    // --- one scenario -------------------------------------------------------------------------------------------

    /** A fault: inject it, hold it, end it; {@link #holdAndEnd} returns when it ended ({@link System#nanoTime()}). */
    @FunctionalInterface
    interface Fault {
        long inject() throws Exception;

        default void afterKill(Load load) throws Exception {
        }

        default long holdAndEnd(Load load) throws Exception {
            return 0;
        }

        default void afterRecovery(Load load) throws Exception {
        }
    }

    /**
     * The peer a scenario faults, and so the peer whose side it checks beside the skills system's (which every scenario
     * checks): its outbound records ({@code outbound_record.target}) and the simulator's word for what it got.
     */
    enum Peer {
        SKILLS("skills system"),
        PLATFORM("platform"),
        MINISTRY("ministry");

        final String label;

        Peer(String label) {
            this.label = label;
        }
    }

    private record Outcome(Row row, Load load, List<String> lost, List<String> undelivered, List<String> duplicated,
                           Map<String, Long> stranded, List<String> unexpectedAnswers, Peer peer,
                           List<String> notReached, List<String> peerDuplicated, int filed) {

        /** Runs the scenario's checks; a failure marks the scenario's row FAILED with its first line, then fails. */
        void verify(Checks checks) throws Exception {
            try {
                checks.run();
            } catch (AssertionError | Exception failed) {
                String message = String.valueOf(failed.getMessage()).strip();
                row.result = "FAILED: " + message.lines().findFirst().orElse(message);
                throw failed;
            }
        }

        void assertWhole() {
            assertThat(unexpectedAnswers).as(row.name + ": unexpected answers of the window").isEmpty();
            assertThat(row.receipts).as(row.name + ": receipts").isPositive();
            assertThat(lost).as(row.name + ": receipted (200) cases the database does not hold").isEmpty();
            assertThat(undelivered).as(row.name + ": accepted cases not delivered to the skills system").isEmpty();
            assertThat(duplicated).as(row.name + ": cases the skills system holds more than once").isEmpty();
            assertThat(notReached).as(row.name + ": what the " + peer.label + " should hold and does not").isEmpty();
            assertThat(peerDuplicated).as(row.name + ": messages the " + peer.label + " holds more than once")
                    .isEmpty();
            assertThat(stranded).as(row.name + ": stranded work").isEmpty();
            assertThat(row.recoverySeconds).as(row.name + ": recovered").isNotNull();
        }
    }

    @FunctionalInterface
    interface Checks {
        void run() throws Exception;
    }

    private Outcome scenario(String name, String letter, Set<Integer> allowed, Fault fault) throws Exception {
        return scenario(name, letter, allowed, Peer.SKILLS, fault);
    }

    /**
     * One scenario: load on both gateways, the fault, recovery measured on {@code peer} (for the skills system, every
     * case receipted by the end of the fault delivered; for the platform, their acceptance feedback there; for the
     * ministry, the report of every case filed by then there), then the load stopped, everything drained and counted.
     */
    private Outcome scenario(String name, String letter, Set<Integer> allowed, Peer peer, Fault fault)
            throws Exception {
        Row row = new Row(name);
        table.add(row);
        String prefix = "FLT" + run + letter + "-";
        Map<String, Long> deadLettersBefore = deadLetters();
        int repeatsBefore = skills.duplicateCount();
        int peerRepeatsBefore = peer == Peer.PLATFORM ? platform.duplicateCount() : 0;
        Load load = new Load(prefix, allowed, peer == Peer.MINISTRY ? MINISTRY_CLIENTS_PER_INSTANCE
                : CLIENTS_PER_INSTANCE);
        Decider decider = peer == Peer.MINISTRY ? new Decider(prefix) : null;
        load.on(a, "A");
        load.on(b, "B");
        if (decider != null) {
            decider.start();
        }
        List<String> lost = List.of();
        List<String> undelivered = List.of("(not checked: the scenario did not finish)");
        List<String> duplicated = List.of();
        List<String> notReached = List.of();
        List<String> peerDuplicated = List.of();
        Map<String, Long> stranded = new TreeMap<>();
        try {
            sleep(STEADY);
            long ended = fault.inject();
            fault.afterKill(load);
            long heldTo = fault.holdAndEnd(load);
            ended = heldTo != 0 ? heldTo : ended;

            // recovery: until everything due to the peer by the end of the fault has arrived, with the load still on
            Map<String, String> receiptedByThen = Map.copyOf(load.receipted);
            Set<String> filedByThen = decider == null ? Set.of() : Set.copyOf(decider.filed);
            try {
                await(name + ": what was due to the " + peer.label + " by the end of the fault arrived").atMost(DRAIN)
                        .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> switch (peer) {
                            case SKILLS -> notDelivered(prefix, receiptedByThen.values(), false).isEmpty();
                            case PLATFORM -> notReached(peer, prefix, receiptedByThen.values()).isEmpty();
                            case MINISTRY -> notReached(peer, prefix, filedByThen).isEmpty();
                        });
                row.recoverySeconds = (System.nanoTime() - ended) / 1e9;
            } catch (ConditionTimeoutException notRecovered) {
                row.note("not recovered within " + DRAIN.toSeconds() + " s");
            }
            long sinceEnd = System.nanoTime() - ended;
            if (sinceEnd < STEADY.toNanos()) {
                sleep(Duration.ofNanos(STEADY.toNanos() - sinceEnd));
            }
            fault.afterRecovery(load);
            load.stopAll();

            Map<String, String> receipted = Map.copyOf(load.receipted);
            Duration drain = row.recoverySeconds == null ? AFTER_NO_RECOVERY : DRAIN;
            if (decider != null) {
                // every case of the scenario is decided up to FILED before the ministry's side is counted
                try {
                    await(name + ": every case of the scenario filed").atMost(drain)
                            .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                            .until(() -> decider.filed.containsAll(casesHeld(prefix)) || !decider.refused.isEmpty());
                } catch (ConditionTimeoutException notFiled) {
                    // counted below
                }
                decider.stop();
            }
            try {
                await(name + ": every accepted case delivered").atMost(drain).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> notDelivered(prefix, receipted.values(), true).isEmpty()
                                && notReached(peer, prefix, dueTo(peer, prefix, decider)).isEmpty());
            } catch (ConditionTimeoutException notDrained) {
                // counted below
            }
            Set<String> held = casesHeld(prefix);
            lost = receipted.entrySet().stream().filter(e -> !held.contains(e.getValue()))
                    .map(e -> e.getKey() + " receipted as " + e.getValue()).sorted().toList();
            undelivered = notDelivered(prefix, receipted.values(), true);
            duplicated = heldMoreThanOnce(prefix);
            notReached = new ArrayList<>(notReached(peer, prefix, dueTo(peer, prefix, decider)));
            if (decider != null) {
                held.stream().filter(id -> !decider.filed.contains(id)).sorted()
                        .forEach(id -> decider.refused.add(id + " not filed"));
                notReached.addAll(decider.refused);
            }
            peerDuplicated = peerHeldMoreThanOnce(peer, prefix);
            stranded = stranded(prefix, deadLettersBefore, peer);
            row.receipts = receipted.size();
            row.refused = load.count(503);
            row.unanswered = load.unanswered.get();
            row.delivered = receipted.size() - (int) undelivered.stream()
                    .filter(u -> receipted.containsValue(u.split(" ")[0])).count();
            row.duplicates = duplicated.size() + peerDuplicated.size();
            row.stranded = stranded.values().stream().mapToLong(Long::longValue).sum() + undelivered.size()
                    + notReached.size();
            row.repeats = skills.duplicateCount() - repeatsBefore;
            row.result = "checked";
            if (peer != Peer.SKILLS) {
                row.note(peerSummary(peer, prefix, dueTo(peer, prefix, decider).size(), peerRepeatsBefore));
            }
            if (!stranded.isEmpty()) {
                row.note("stranded " + stranded);
            }
            if (!undelivered.isEmpty()) {
                row.note(undelivered.size() + " not delivered, e.g. " + undelivered.get(0));
            }
            if (!notReached.isEmpty()) {
                row.note(notReached.size() + " not at the " + peer.label + ", e.g. " + notReached.get(0));
            }
            if (!duplicated.isEmpty()) {
                row.note("held twice, e.g. " + duplicated.get(0));
            }
            if (!peerDuplicated.isEmpty()) {
                row.note("held twice by the " + peer.label + ", e.g. " + peerDuplicated.get(0));
            }
            if (!load.unexpected.isEmpty()) {
                row.note(load.unexpected.size() + " unexpected answers, e.g. " + load.unexpected.get(0));
            }
        } finally {
            load.stopAll();
            if (decider != null) {
                decider.stop();
            }
            writeTable();
        }
        return new Outcome(row, load, lost, undelivered, duplicated, stranded, List.copyOf(load.unexpected), peer,
                notReached, peerDuplicated, decider == null ? 0 : decider.filed.size());
    }

    /**
     * The cases whose messages the peer must hold once the load has stopped: the platform, every case of the scenario
     * in the database (receipted or not: each accepted case is acknowledged); the ministry, every case filed.
     */
    private Set<String> dueTo(Peer peer, String prefix, Decider decider) {
        return switch (peer) {
            case SKILLS -> Set.of();
            case PLATFORM -> casesHeld(prefix);
            case MINISTRY -> Set.copyOf(decider.filed);
        };
    }

    /**
     * Of {@code caseIds}, what the peer should hold and does not: a case without a record for it, a record not
     * DELIVERED, a DELIVERED record whose key the simulator does not hold (the platform's Idempotency-Key, the
     * ministry's report id). Empty for the skills system ({@link #notDelivered} checks it for every scenario).
     */
    private List<String> notReached(Peer peer, String prefix, java.util.Collection<String> caseIds) {
        if (peer == Peer.SKILLS) {
            return List.of();
        }
        Set<String> keysHeld = new HashSet<>(peer == Peer.PLATFORM ? platform.keys() : ministry.reportIds());
        Map<String, List<String[]>> records = new HashMap<>();
        db.sql("""
                SELECT c.case_id, r.idempotency_key, r.status FROM filing_case c
                JOIN outbound_record r ON r.case_id = c.case_id WHERE c.sblsh LIKE :p AND r.target = :t""")
                .param("p", prefix + "%").param("t", peer.name())
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list()
                .forEach(r -> records.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r));
        List<String> missing = new ArrayList<>();
        for (String caseId : new java.util.TreeSet<>(caseIds)) {
            List<String[]> own = records.get(caseId);
            if (own == null) {
                missing.add(caseId + " no " + peer.name() + " record");
                continue;
            }
            for (String[] r : own) {
                if (!"DELIVERED".equals(r[2])) {
                    missing.add(caseId + " " + peer.name() + " record " + r[1] + " " + r[2]);
                } else if (!keysHeld.contains(r[1])) {
                    missing.add(caseId + " key " + r[1] + " not held by the " + peer.label);
                }
            }
        }
        return missing;
    }

    /**
     * Messages of the scenario's cases the peer holds more than once: the platform, two feedbacks of one type for one
     * case (an acceptance sent under two keys); the ministry, a case whose report it holds under two report ids. (The
     * simulators keep one message per key by construction: a repeated key is answered with the first answer.)
     */
    private List<String> peerHeldMoreThanOnce(Peer peer, String prefix) {
        List<String> twice = new ArrayList<>();
        if (peer == Peer.PLATFORM) {
            for (String sblsh : db.sql("SELECT sblsh FROM filing_case WHERE sblsh LIKE :p").param("p", prefix + "%")
                    .query(String.class).list()) {
                platform.feedback(sblsh).stream()
                        .collect(Collectors.groupingBy(f -> f.path("feedbackType").asText(), Collectors.counting()))
                        .forEach((type, n) -> {
                            if (n > 1) {
                                twice.add(sblsh + " feedback " + type + " held " + n + " times");
                            }
                        });
            }
        } else if (peer == Peer.MINISTRY) {
            Set<String> reports = new HashSet<>(ministry.reportIds());
            Map<String, Long> perCase = new HashMap<>();
            db.sql("""
                    SELECT c.case_id, r.idempotency_key FROM filing_case c JOIN outbound_record r ON r.case_id = c.case_id
                    WHERE c.sblsh LIKE :p AND r.target = 'MINISTRY'""")
                    .param("p", prefix + "%")
                    .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                    .forEach(e -> perCase.merge(e.getKey(), reports.contains(e.getValue()) ? 1L : 0L, Long::sum));
            perCase.entrySet().stream().filter(e -> e.getValue() > 1).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> twice.add(e.getKey() + " reported " + e.getValue() + " times"));
        }
        return twice;
    }

    /** The table's note for a peer scenario: what the peer holds of it, and the repeats it answered as such. */
    private String peerSummary(Peer peer, String prefix, int due, int repeatsBefore) {
        if (peer == Peer.PLATFORM) {
            long acknowledged = db.sql("SELECT sblsh FROM filing_case WHERE sblsh LIKE :p").param("p", prefix + "%")
                    .query(String.class).list().stream().filter(s -> platform.feedback(s).stream()
                            .anyMatch(f -> "SLZTDM".equals(f.path("feedbackType").asText()))).count();
            return acknowledged + " of " + due + " accepted cases acknowledged (受理) at the platform, "
                    + (platform.duplicateCount() - repeatsBefore)
                    + " repeated keys answered with the first answer";
        }
        List<String> keys = db.sql("""
                SELECT r.idempotency_key FROM filing_case c JOIN outbound_record r ON r.case_id = c.case_id
                WHERE c.sblsh LIKE :p AND r.target = 'MINISTRY'""").param("p", prefix + "%").query(String.class).list();
        int held = (int) keys.stream().filter(k -> ministry.arrivals(k) > 0).count();
        int repeats = keys.stream().mapToInt(k -> Math.max(0, ministry.arrivals(k) - 1)).sum();
        return due + " cases filed (3 decisions each), " + held + " reports at the ministry, " + repeats
                + " repeated reports answered with the first receipt";
    }

    /**
     * Receipted cases of this scenario that the simulator does not hold as delivered (no DELIVERED skills record, or
     * its key not held by the simulator, or the case not in the database at all); with {@code everyAccepted} (the load
     * has stopped) also any other case of the scenario in the database: receipted or not, a case committed before its
     * answer was lost counts too.
     */
    private List<String> notDelivered(String prefix, java.util.Collection<String> receiptedCaseIds,
                                      boolean everyAccepted) {
        Set<String> receipted = new HashSet<>(receiptedCaseIds);
        List<String> missing = new ArrayList<>(db.sql("""
                SELECT c.case_id, c.state FROM filing_case c
                WHERE c.sblsh LIKE :p AND NOT EXISTS (SELECT 1 FROM outbound_record r
                  WHERE r.case_id = c.case_id AND r.target = 'SKILLS' AND r.status = 'DELIVERED')""")
                .param("p", prefix + "%").query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .filter(e -> everyAccepted || receipted.contains(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue()).toList());
        Set<String> heldKeys = new HashSet<>(skills.keys());
        db.sql("""
                SELECT c.case_id, r.idempotency_key FROM filing_case c JOIN outbound_record r ON r.case_id = c.case_id
                WHERE c.sblsh LIKE :p AND r.target = 'SKILLS' AND r.status = 'DELIVERED'""")
                .param("p", prefix + "%")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .filter(e -> receipted.contains(e.getKey()) && !heldKeys.contains(e.getValue()))
                .forEach(e -> missing.add(e.getKey() + " key " + e.getValue() + " not held by the simulator"));
        Set<String> inDatabase = casesHeld(prefix);
        receipted.stream().filter(id -> !inDatabase.contains(id)).forEach(id -> missing.add(id + " lost"));
        return missing;
    }

    private Set<String> casesHeld(String prefix) {
        return new HashSet<>(db.sql("SELECT case_id FROM filing_case WHERE sblsh LIKE :p").param("p", prefix + "%")
                .query(String.class).list());
    }

    /** Cases of the scenario the simulator holds more than once: a key held twice, or the case under two keys. */
    private List<String> heldMoreThanOnce(String prefix) {
        Map<String, Long> timesHeld = skills.keys().stream()
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        Map<String, Long> perCase = new HashMap<>();
        db.sql("""
                SELECT c.case_id, r.idempotency_key FROM filing_case c JOIN outbound_record r ON r.case_id = c.case_id
                WHERE c.sblsh LIKE :p AND r.target = 'SKILLS'""")
                .param("p", prefix + "%")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> perCase.merge(e.getKey(), timesHeld.getOrDefault(e.getValue(), 0L), Long::sum));
        return perCase.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " held " + e.getValue() + " times").sorted().toList();
    }

    /**
     * What is left where nothing would take it up again: cases of the scenario still RECEIVED or with a skills record
     * still PENDING, the faulted peer's records (platform, ministry) not DELIVERED, unsent outbox entries (after the
     * relay had 15 s), and messages the scenario added to a dead-letter queue of the broker.
     */
    private Map<String, Long> stranded(String prefix, Map<String, Long> deadLettersBefore, Peer peer)
            throws Exception {
        Map<String, Long> stranded = new TreeMap<>();
        long received = db.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh LIKE :p AND state = 'RECEIVED'")
                .param("p", prefix + "%").query(Long.class).single();
        try {
            await("outbox drained").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> unsentOutbox() == 0);
        } catch (ConditionTimeoutException notDrained) {
            // counted below
        }
        long unsent = unsentOutbox();
        long pending = db.sql("""
                SELECT COUNT(*) FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id
                WHERE c.sblsh LIKE :p AND r.target = 'SKILLS' AND r.status = 'PENDING'""")
                .param("p", prefix + "%").query(Long.class).single();
        put(stranded, "cases RECEIVED", received);
        put(stranded, "outbox unsent", unsent);
        put(stranded, "skills records PENDING", pending);
        if (peer != Peer.SKILLS) {
            db.sql("""
                    SELECT r.status, COUNT(*) FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id
                    WHERE c.sblsh LIKE :p AND r.target = :t AND r.status <> 'DELIVERED' GROUP BY r.status""")
                    .param("p", prefix + "%").param("t", peer.name())
                    .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                    .forEach(e -> put(stranded, peer.label + " records " + e.getKey(), e.getValue()));
        }
        deadLetters().forEach((queue, n) -> put(stranded, "in " + queue, n - deadLettersBefore.getOrDefault(queue, 0L)));
        return stranded;
    }

    private static void put(Map<String, Long> into, String what, long n) {
        if (n > 0) {
            into.put(what, n);
        }
    }

    private long unsentOutbox() {
        return db.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
    }

    private int skillsNotYetDelivered() {
        return db.sql("SELECT COUNT(*) FROM outbound_record WHERE target = 'SKILLS' AND status <> 'DELIVERED'")
                .query(Integer.class).single();
    }

    /** Messages in the broker's dead-letter and expiry queues, by queue. */
    private Map<String, Long> deadLetters() throws Exception {
        return broker.messageCounts().entrySet().stream()
                .filter(e -> DEAD_LETTER_QUEUE.matcher(e.getKey()).matches())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, TreeMap::new));
    }

    private ForkedGateway fork(String instanceId, String logName) throws IOException {
        List<String> arguments = new ArrayList<>(
                SharedStack.gatewayArguments(postgres, broker, instanceId, proxy.baseUrl(), platform.baseUrl(),
                        ministry.address()));
        arguments.addAll(List.of(
                "--bridge.delivery.initial-delay=20ms",
                "--bridge.delivery.max-delay=72s",
                "--spring.datasource.hikari.connection-timeout=3000"));
        ForkedGateway gateway = ForkedGateway.start(work.resolve(instanceId), LOGS.resolve(logName), GATEWAY_JVM,
                arguments);
        started.add(gateway);
        return gateway;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    // --- the load -----------------------------------------------------------------------------------------------

    /** The scenario's clients on each gateway, and what they were answered. */
    final class Load {

        final String prefix;
        final Set<Integer> allowed;
        final Map<String, String> receipted = new ConcurrentHashMap<>();
        final List<Answered> answered = new CopyOnWriteArrayList<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger unanswered = new AtomicInteger();
        final Map<ForkedGateway, CasePusher> pushers = new LinkedHashMap<>();
        final int clientsPerInstance;
        volatile long outageFrom;
        volatile long outageUntil;

        Load(String prefix, Set<Integer> allowed, int clientsPerInstance) {
            this.prefix = prefix;
            this.allowed = allowed;
            this.clientsPerInstance = clientsPerInstance;
        }

        void on(ForkedGateway gateway, String tag) {
            CasePusher pusher = new CasePusher(new WindowClient(gateway.baseUri(), APP_ID, SECRET),
                    CaseBodies.fromFixture(), clientsPerInstance, prefix + tag + "-", PAUSE, this::take);
            pushers.put(gateway, pusher);
            pusher.start();
        }

        void stopOn(ForkedGateway gateway) throws InterruptedException {
            CasePusher pusher = pushers.remove(gateway);
            if (pusher != null) {
                pusher.stopAndAwait(Duration.ofSeconds(40));
            }
        }

        void stopAll() throws InterruptedException {
            for (ForkedGateway gateway : List.copyOf(pushers.keySet())) {
                stopOn(gateway);
            }
        }

        /** Marks the start ({@code true}, once the fault is in place) or the end (before it is undone) of an outage. */
        void outage(boolean now) {
            if (now) {
                outageFrom = System.nanoTime();
            } else {
                outageUntil = System.nanoTime();
            }
        }

        int count(int status) {
            return (int) answered.stream().filter(a -> a.status() == status).count();
        }

        /**
         * The answers to requests sent and answered while the outage lasted. A request answered during the outage but
         * sent before it may have committed before it began; one sent during it may be answered after it ended.
         */
        Map<Integer, Integer> statusesDuringOutage() {
            long from = outageFrom;
            long until = outageUntil;
            return answered.stream().filter(a -> from != 0 && a.startNanos() >= from && a.endNanos() <= until)
                    .collect(Collectors.toMap(Answered::status, a -> 1, Integer::sum, TreeMap::new));
        }

        private record Answered(int status, long startNanos, long endNanos) {
        }

        private void take(CasePusher.Outcome outcome) {
            if (outcome.status() == 0) {
                unanswered.incrementAndGet();
                return;
            }
            answered.add(new Answered(outcome.status(), outcome.startNanos(), outcome.endNanos()));
            if (!allowed.contains(outcome.status())) {
                unexpected.add(outcome.sblsh() + " -> " + outcome.status() + " " + outcome.body());
            } else if (outcome.receipted()) {
                try {
                    receipted.put(outcome.sblsh(), json.readTree(outcome.body()).path("caseId").asText());
                } catch (IOException unreadable) {
                    unexpected.add(outcome.sblsh() + ": unreadable receipt " + outcome.body());
                }
            }
        }
    }

    // --- the skills system's decisions --------------------------------------------------------------------------

    /**
     * The skills system deciding the scenario's cases, since the ministry hears only of decided ones: every case of
     * the scenario that reaches FORWARDED gets MATERIALS_COMPLETE, a passed SITE_EVALUATION and FILED (with a filing
     * number of its own), each signed with the example skills key and posted to one gateway or the other, as the real
     * system would. A decision answered with anything but 200 fails the scenario.
     */
    final class Decider {

        final String prefix;
        final Set<String> taken = ConcurrentHashMap.newKeySet();
        final Set<String> filed = ConcurrentHashMap.newKeySet();
        final List<String> refused = new CopyOnWriteArrayList<>();
        private final ExecutorService deciding = Executors.newFixedThreadPool(2);
        private final ScheduledExecutorService finding = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread finder = new Thread(task, "fault-suite-decider");
            finder.setDaemon(true);
            return finder;
        });
        private final AtomicInteger turn = new AtomicInteger();

        Decider(String prefix) {
            this.prefix = prefix;
        }

        /** Looks for newly forwarded cases every 200 ms until stopped. */
        void start() {
            finding.scheduleWithFixedDelay(this::find, 0, 200, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            finding.shutdownNow();
            finding.awaitTermination(5, TimeUnit.SECONDS);
            deciding.shutdown();
            deciding.awaitTermination(30, TimeUnit.SECONDS);
        }

        /** Finds the scenario's forwarded cases not yet taken, and hands each to a deciding thread. */
        private void find() {
            try {
                db.sql("""
                        SELECT case_id, sblsh, authority_name FROM filing_case
                        WHERE sblsh LIKE :p AND state = 'FORWARDED' AND authority_name IS NOT NULL""")
                        .param("p", prefix + "%")
                        .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list()
                        .stream().filter(c -> taken.add(c[0]))
                        .forEach(c -> deciding.execute(() -> decide(c[0], c[1], c[2])));
            } catch (RuntimeException e) {
                // asked again on the next round (the database stays up in this scenario); a task that threw would
                // not be scheduled again
            }
        }

        private void decide(String caseId, String sblsh, String authority) {
            LocalDate today = LocalDate.now(SICHUAN);
            Map<String, Object> evaluated = decision(sblsh, authority, "SITE_EVALUATION");
            evaluated.put("evaluation", Map.of("passed", true, "date", today.toString(), "evaluators", List.of("李评估")));
            Map<String, Object> filing = decision(sblsh, authority, "FILED");
            filing.put("filingNumber", String.format(Locale.ROOT, "Y000051%06d", filingNumbers.incrementAndGet()));
            filing.put("validFrom", today.toString());
            filing.put("validTo", today.plusYears(3).minusDays(1).toString());
            try {
                for (Map<String, Object> d : List.of(decision(sblsh, authority, "MATERIALS_COMPLETE"), evaluated,
                        filing)) {
                    HttpResponse<String> answer = post(d);
                    if (answer.statusCode() != 200) {
                        refused.add(sblsh + " " + d.get("kind") + " answered " + answer.statusCode() + " "
                                + answer.body());
                        return;
                    }
                }
                filed.add(caseId);
            } catch (Exception e) {
                refused.add(sblsh + " not decided: " + e);
            }
        }

        private Map<String, Object> decision(String sblsh, String authority, String kind) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("decisionId", "D-" + UUID.randomUUID());
            d.put("SBLSH", sblsh);
            d.put("kind", kind);
            d.put("decidedAt", OffsetDateTime.now(SICHUAN).minusSeconds(2).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            d.put("authority", authority);
            return d;
        }

        private HttpResponse<String> post(Map<String, Object> decision) throws Exception {
            byte[] body = json.writeValueAsBytes(decision);
            ForkedGateway to = turn.getAndIncrement() % 2 == 0 ? a : b;
            HttpRequest.Builder request = HttpRequest.newBuilder(to.baseUri().resolve("/api/skills/v1/decisions"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            SKILLS_SIGNER.sign(body).headers().forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    // --- the table ----------------------------------------------------------------------------------------------

    /** One line of the table; filled in as the scenario goes, so that a failed one still shows what it got to. */
    static final class Row {
        final String name;
        int receipts;
        int refused;
        int unanswered;
        int delivered;
        int repeats;
        long duplicates;
        long stranded;
        Double recoverySeconds;
        String result = "did not finish";
        String note = "";

        Row(String name) {
            this.name = name;
        }

        void note(String more) {
            note = note.isEmpty() ? more : note + "; " + more;
        }

        static String render(List<Row> rows) {
            StringBuilder out = new StringBuilder("""
                    | scenario | receipted (200) | 503 | no answer | delivered | duplicates | stranded | recovery (s) | notes |
                    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
                    """);
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s | %s%s |%n", r.name,
                        r.receipts, r.refused, r.unanswered, r.delivered, r.duplicates, r.stranded,
                        r.recoverySeconds == null ? "not recovered" : String.format(Locale.ROOT, "%.1f", r.recoverySeconds),
                        "checked".equals(r.result) ? "" : "**" + r.result.replace('|', '/') + "**; ",
                        r.note.replace('|', '/')));
            }
            return out.toString();
        }
    }
}
