package cn.gov.sc.rst.filingbridge.load;

import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.testsupport.SharedStack;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The soak (issue 13; not a test, not in CI): two gateways from the packaged jar on one PostgreSQL (the embedded
 * binaries the tests use) and one standalone Artemis (the distribution the tests use), delivering to the skills
 * simulator, under a steady signed load for {@code SOAK_MINUTES}. Every {@code SOAK_KILL_EVERY} an instance is killed
 * with SIGKILL and started again: by default always B, so that A lives the whole run and its resident memory can be
 * judged once warm (a process killed every 10 min never is); {@code SOAK_KILL=ab} kills A and B in turn, as the
 * first runs did. The skills system is down for {@code SOAK_PEER_DOWN_FOR} every {@code SOAK_PEER_DOWN_EVERY} (from
 * 70 % into each period, so that outages and kills do not coincide). A trickle of refused calls (a signed body the
 * contract refuses, a wrong signature) feeds the refusal tables. The gateways run the production retry schedule,
 * and the production purges with their ages and intervals shortened (relayed outbox rows after 5 min, refusals after
 * 5 min, each purge every minute) so that the purgeable tables reach their steady state inside a 30-minute run.
 *
 * <p>At the end the load stops, everything accepted is given {@code SOAK_DRAIN} to arrive, and it reports accepted,
 * delivered, lost and duplicated cases, the longest accepted → delivered lag, the resident memory of every gateway
 * process after its warm-up (growth per hour, a least-squares slope over its samples) with its heap and non-heap
 * committed, the survivor's after its longer warm-up, and the database's growth per table between the moment it is
 * warm ({@code SOAK_DB_WARMUP}) and the end of the load: rows and {@code pg_total_relation_size}, purged tables apart
 * from retained case data, whose growth is given per case. docs/bench/soak.sh builds and runs it;
 * docs/reliability.md has the figures.
 *
 * <p>Settings (environment, durations as ISO-8601 or like {@code 90s}, {@code 5m}): {@code SOAK_MINUTES} (30),
 * {@code SOAK_KILL} ({@code b}; {@code a}, {@code ab} in turn, or {@code none}), {@code SOAK_KILL_EVERY} (5m),
 * {@code SOAK_PEER_DOWN_EVERY} (10m), {@code SOAK_PEER_DOWN_FOR} (1m), {@code SOAK_WARMUP} (2m: samples of a process
 * younger than this are not counted), {@code SOAK_SURVIVOR_WARMUP} (10m: the same for a process never killed),
 * {@code SOAK_DB_WARMUP} (12m into the load: the database's "warm" snapshot, once the purges have run past their
 * ages), {@code SOAK_CLIENTS} (2 per instance), {@code SOAK_PAUSE_MS} (100: each client's pause between cases),
 * {@code SOAK_REFUSE_EVERY} (2s: one refused call of each kind), {@code SOAK_DRAIN} (5m), {@code SOAK_GATEWAY_OPTS}
 * (-Xmx512m; {@code SOAK_GATEWAY_OPTS_A} / {@code _B} for one instance, to compare JVM options side by side),
 * {@code SOAK_OUTBOX_AGE} (5m), {@code SOAK_REFUSAL_RETENTION} (5m), {@code SOAK_PURGE_EVERY} (1m: the outbox, nonce
 * and refusal purges' interval), {@code SOAK_JAR} (target/skills-filing-bridge-0.1.0-SNAPSHOT.jar), {@code SOAK_OUT}
 * (target/soak). System property {@code artemis.home}: the unpacked Artemis distribution.
 */
public final class Soak {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /** Heap and non-heap come from the gateway's Prometheus page, behind an operator login: less often than RSS. */
    private static final int HEAP_EVERY_NTH_SAMPLE = 3;
    private static final Duration TABLES_EVERY = Duration.ofMinutes(1);
    /** The demo profile's operator, for /actuator/prometheus. */
    private static final String OPERATOR = "ops-demo:demo-ops-change-me";
    /** Purged after configurable ages (docs/retention.md); everything else is case data, kept at least 3 years. */
    private static final Set<String> PURGED = Set.of("outbox", "used_nonce", "window_refusal_count", "intake_refusal");

    private final Duration length = Duration.ofMinutes(Long.parseLong(env("SOAK_MINUTES", "30")));
    private final Duration killEvery = duration(env("SOAK_KILL_EVERY", "5m"));
    /** Which instances are killed, in turn; an instance not named here lives the whole run (the survivor). */
    private final List<String> victims = victims(env("SOAK_KILL", "b"));
    private final Duration peerDownEvery = duration(env("SOAK_PEER_DOWN_EVERY", "10m"));
    private final Duration peerDownFor = duration(env("SOAK_PEER_DOWN_FOR", "1m"));
    private final Duration warmup = duration(env("SOAK_WARMUP", "2m"));
    private final Duration survivorWarmup = duration(env("SOAK_SURVIVOR_WARMUP", "10m"));
    private final Duration dbWarmup = duration(env("SOAK_DB_WARMUP", "12m"));
    private final Duration refuseEvery = duration(env("SOAK_REFUSE_EVERY", "2s"));
    private final Duration drain = duration(env("SOAK_DRAIN", "5m"));
    private final int clients = Integer.parseInt(env("SOAK_CLIENTS", "2"));
    private final Duration pause = Duration.ofMillis(Long.parseLong(env("SOAK_PAUSE_MS", "100")));
    private final String gatewayOpts = env("SOAK_GATEWAY_OPTS", "-Xmx512m");
    /** The production purges (docs/retention.md), with shorter ages and intervals: steady within the run. */
    private final List<String> retention = List.of(
            "--bridge.retention.outbox-age=" + env("SOAK_OUTBOX_AGE", "5m"),
            "--bridge.retention.outbox-purge-interval=" + env("SOAK_PURGE_EVERY", "1m"),
            "--bridge.intake.nonce-purge-interval=" + env("SOAK_PURGE_EVERY", "1m"),
            "--bridge.intake.refusal-retention=" + env("SOAK_REFUSAL_RETENTION", "5m"),
            "--bridge.intake.refusal-purge-interval=" + env("SOAK_PURGE_EVERY", "1m"));
    private final Path jar = Path.of(env("SOAK_JAR", "target/skills-filing-bridge-0.1.0-SNAPSHOT.jar"));
    private final Path out = Path.of(env("SOAK_OUT", "target/soak"));

    private final ObjectMapper json = new ObjectMapper();
    private final CaseBodies bodies = CaseBodies.fromFixture();
    private final HttpClient metricsClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong refusals = new AtomicLong();
    /** Per gateway process: a caller signing with the app's secret and one signing with a wrong secret. */
    private final Map<URI, WindowClient[]> refusalClients = new ConcurrentHashMap<>();
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    /** caseId → when its receipt came (epoch ms). */
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    /** Answers to the refusal trickle, by status (0: no answer, e.g. the instance was just killed). */
    private final Map<Integer, AtomicInteger> refusalAnswers = new ConcurrentHashMap<>();
    private final AtomicInteger sampleCount = new AtomicInteger();
    private final List<TableSample> tableSamples = new CopyOnWriteArrayList<>();
    private volatile long loadFrom;
    private volatile long loadUntil;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final long began = System.nanoTime();
    private final List<ForkedGateway> everyGateway = new CopyOnWriteArrayList<>();

    private TestPostgres postgres;
    private StandaloneArtemis broker;
    private SkillsSimulator skills;
    private PlatformSimulator platform;
    private JdbcClient db;

    /** One life of a gateway process: which instance, its pid, when it was ready, and its clients. */
    private record Life(String instance, ForkedGateway gateway, long readyNanos, CasePusher load) {
    }

    /** The instance's current process; replaced at each restart. */
    private static final class Instance {
        volatile Life current;
        int generation;
    }

    /**
     * Resident memory of one process, its heap and non-heap committed (-1 when not read at this sample), and the
     * database's size, at one moment.
     */
    private record Sample(long nanos, String instance, long pid, long processAgeNanos, long rssKb, long heapKb,
                          long nonHeapKb, long dbBytes) {
    }

    /** One table's rows and total size (with indexes and TOAST) at one moment. */
    private record TableSample(long nanos, String table, long rows, long bytes) {
    }

    public static void main(String[] args) throws Exception {
        new Soak().run();
        // the simulators' idle HTTP threads would keep the JVM for another minute
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("soak-");
        // sampling, a kill (its restart waits for readiness), an outage (sleeps through it), tables, refusals
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(6);
        try {
            postgres = TestPostgres.start();
            broker = StandaloneArtemis.start(work.resolve("broker"));
            skills = SkillsSimulator.start(0);
            platform = SharedStack.platform();
            db = JdbcClient.create(postgres.superuserDataSource());
            log("stack up: PostgreSQL on %d, Artemis at %s, skills simulator at %s", postgres.port(), broker.url(),
                    skills.baseUrl());
            for (String name : List.of("a", "b")) {
                instances.put(name, new Instance());
            }
            for (String name : List.of("a", "b")) {
                start(name, work);
            }
            loadFrom = System.nanoTime();
            log("load: %d clients per instance, %d ms pause; %d min; kill -9 of %s every %s; skills down %s every %s; "
                    + "retention %s", clients, pause.toMillis(), length.toMinutes(),
                    victims.isEmpty() ? "none" : String.join(", then ", victims), killEvery, peerDownFor,
                    peerDownEvery, retention);

            scheduler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(this::sampleTables, 0, TABLES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(this::refuse, refuseEvery.toMillis(), refuseEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
            AtomicInteger kills = new AtomicInteger();
            if (!victims.isEmpty()) {
                scheduler.scheduleAtFixedRate(() -> {
                    String victim = victims.get(kills.getAndIncrement() % victims.size());
                    try {
                        killAndRestart(victim, work);
                    } catch (Exception e) {
                        log("restart of %s failed: %s", victim, e);
                    }
                }, killEvery.toMillis(), killEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
            long firstOutage = peerDownEvery.toMillis() * 7 / 10;
            scheduler.scheduleAtFixedRate(this::peerOutage, firstOutage, peerDownEvery.toMillis(),
                    TimeUnit.MILLISECONDS);

            Thread.sleep(Math.max(0, length.toMillis() - (System.nanoTime() - loadFrom) / 1_000_000));
            // a kill or an outage under way finishes (the restarted process joins the load); none starts
            loadUntil = System.nanoTime();
            sampleTables();
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.MINUTES);
            skills.mode(SkillsSimulator.Mode.OK);
            for (Instance instance : instances.values()) {
                instance.current.load().stopAndAwait(Duration.ofSeconds(40));
            }
            log("load stopped: %d receipts; waiting up to %s for delivery", acceptedAt.size(), drain);
            try {
                await("every receipted case delivered").atMost(drain).pollInterval(Duration.ofSeconds(1))
                        .until(() -> undelivered() == 0);
            } catch (ConditionTimeoutException stillUndelivered) {
                // counted in the report
            }
            sample();
            nativeMemory();
            String report = report();
            System.out.println(report);
            Files.writeString(out.resolve("report.md"), report, StandardCharsets.UTF_8);
            log("report in %s; logs in %s", out.resolve("report.md").toAbsolutePath(), out.toAbsolutePath());
        } finally {
            scheduler.shutdownNow();
            instances.values().forEach(i -> {
                if (i.current != null) {
                    i.current.load().stop();
                }
            });
            SharedStack.stop(everyGateway, postgres, skills, platform, broker);
        }
    }

    private void start(String name, Path work) throws IOException {
        Instance instance = instances.get(name);
        int generation = ++instance.generation;
        List<String> arguments = SharedStack.gatewayArguments(postgres, broker, "gateway-" + name, skills.baseUrl(),
                platform.baseUrl());
        arguments.addAll(retention);
        ForkedGateway gateway = ForkedGateway.startJar(jar, work.resolve("gateway-" + name),
                out.resolve("gateway-" + name + "-" + generation + ".log"), jvmOptions(name), arguments);
        everyGateway.add(gateway);
        gateway.awaitReady(Duration.ofMinutes(3));
        CasePusher load = new CasePusher(new WindowClient(gateway.baseUri(), APP_ID, SECRET), CaseBodies.fromFixture(),
                clients, "SOAK" + run + name.toUpperCase() + generation + "-", pause, this::take);
        instance.current = new Life(name, gateway, System.nanoTime(), load);
        load.start();
        log("gateway-%s (generation %d) ready, pid %d", name, generation, gateway.pid());
    }

    private void killAndRestart(String name, Path work) throws Exception {
        Life victim = instances.get(name).current;
        victim.load().stop();
        int status = victim.gateway().killHard();
        log("kill -9 gateway-%s pid %d: exit status %d", name, victim.gateway().pid(), status);
        start(name, work);
    }

    private void peerOutage() {
        try {
            skills.mode(SkillsSimulator.Mode.DOWN);
            log("skills system down for %s", peerDownFor);
            Thread.sleep(peerDownFor.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log("skills outage failed: %s", e);
        } finally {
            try {
                skills.mode(SkillsSimulator.Mode.OK);
                log("skills system back");
            } catch (IOException e) {
                log("skills system did not come back: %s", e);
            }
        }
    }

    private void take(CasePusher.Outcome outcome) {
        if (outcome.status() == 0) {
            unanswered.incrementAndGet();
            return;
        }
        statuses.computeIfAbsent(outcome.status(), s -> new AtomicInteger()).incrementAndGet();
        if (outcome.receipted()) {
            try {
                acceptedAt.put(json.readTree(outcome.body()).path("caseId").asText(), System.currentTimeMillis());
            } catch (IOException unreadable) {
                log("unreadable receipt for %s", outcome.sblsh());
            }
        }
    }

    private List<String> jvmOptions(String instance) {
        return List.of(env("SOAK_GATEWAY_OPTS_" + instance.toUpperCase(Locale.ROOT), gatewayOpts).trim()
                .split("\\s+"));
    }

    static List<String> victims(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "a" -> List.of("a");
            case "b" -> List.of("b");
            case "ab" -> List.of("a", "b");
            case "ba" -> List.of("b", "a");
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("SOAK_KILL is a, b, ab, ba or none, not " + setting);
        };
    }

    private void sample() {
        try {
            boolean heapToo = sampleCount.getAndIncrement() % HEAP_EVERY_NTH_SAMPLE == 0;
            long dbBytes = db.sql("SELECT pg_database_size('bridge')").query(Long.class).single();
            long now = System.nanoTime();
            for (Instance instance : instances.values()) {
                Life p = instance.current;
                long rss = p == null ? -1 : rssKb(p.gateway().pid());
                // -1: the process has just been killed (its /proc entry is gone); not a sample
                if (rss > 0) {
                    long[] jvm = heapToo ? jvmMemoryKb(p.gateway().baseUri()) : new long[] {-1, -1};
                    samples.add(new Sample(now, p.instance(), p.gateway().pid(), now - p.readyNanos(), rss, jvm[0],
                            jvm[1], dbBytes));
                }
            }
        } catch (RuntimeException e) {
            log("sample failed: %s", e);
        }
    }

    /**
     * Heap and non-heap committed (KB) from the gateway's {@code /actuator/prometheus} ({@code jvm_memory_committed_bytes}
     * summed per area), {-1, -1} if it does not answer: tells whether resident memory grows with the heap the JVM
     * commits or beside it.
     */
    private long[] jvmMemoryKb(URI base) {
        try {
            HttpResponse<String> page = metricsClient.send(HttpRequest
                    .newBuilder(base.resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString(OPERATOR.getBytes(StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                return new long[] {-1, -1};
            }
            double heap = 0;
            double nonHeap = 0;
            for (String line : page.body().split("\n")) {
                if (line.startsWith("jvm_memory_committed_bytes{")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.contains("area=\"heap\"")) {
                        heap += value;
                    } else if (line.contains("area=\"nonheap\"")) {
                        nonHeap += value;
                    }
                }
            }
            return new long[] {(long) (heap / 1024), (long) (nonHeap / 1024)};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {-1, -1};
        }
    }

    /** Every table's exact row count and pg_total_relation_size (indexes and TOAST included), once a minute. */
    private void sampleTables() {
        try {
            long now = System.nanoTime();
            List<String> tables = db.sql("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                    + " ORDER BY 1").query(String.class).list();
            for (String table : tables) {
                long rows = db.sql("SELECT count(*) FROM " + table).query(Long.class).single();
                long bytes = db.sql("SELECT pg_total_relation_size(:t::regclass)").param("t", table)
                        .query(Long.class).single();
                tableSamples.add(new TableSample(now, table.substring(table.indexOf('.') + 1), rows, bytes));
            }
        } catch (RuntimeException e) {
            log("table sample failed: %s", e);
        }
    }

    /** One refused call of each kind, to an instance in turn: a signed body the contract refuses, a wrong signature. */
    private void refuse() {
        long n = refusals.incrementAndGet();
        Life life = instances.get(n % 2 == 0 ? "a" : "b").current;
        if (life == null || !life.gateway().isAlive()) {
            return;
        }
        byte[] refusedBody = ("{\"SBLSH\":\"SOAK" + run + "R" + n + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] validBody = bodies.newFiling("SOAK" + run + "W" + n);
        WindowClient[] callers = refusalClients.computeIfAbsent(life.gateway().baseUri(), uri -> new WindowClient[] {
            new WindowClient(uri, APP_ID, SECRET), new WindowClient(uri, APP_ID, "not-the-secret")});
        refusalAnswer(() -> callers[0].submit(refusedBody).statusCode());
        refusalAnswer(() -> callers[1].submit(validBody).statusCode());
    }

    private interface Call {
        int status() throws Exception;
    }

    private void refusalAnswer(Call call) {
        int status;
        try {
            status = call.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception noAnswer) {
            status = 0;
        }
        refusalAnswers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * The native memory summary of every gateway still running, into {@code <out>/gateway-<x>-nmt.txt}, when it was
     * started with {@code -XX:NativeMemoryTracking=summary} (otherwise jcmd says it is not enabled, in the file).
     */
    private void nativeMemory() {
        for (Instance instance : instances.values()) {
            Life life = instance.current;
            if (life == null || !life.gateway().isAlive()) {
                continue;
            }
            Path file = out.resolve("gateway-" + life.instance() + "-nmt.txt");
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(life.gateway().pid()), "VM.native_memory", "summary", "scale=MB")
                        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
                if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                    jcmd.destroyForcibly();
                }
            } catch (IOException e) {
                log("jcmd for gateway-%s failed: %s", life.instance(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElse(-1);
        } catch (IOException gone) {
            return -1;
        }
    }

    /** Receipted cases whose skills record is not delivered yet. */
    private long undelivered() {
        Set<String> delivered = deliveredAt().keySet();
        return acceptedAt.keySet().stream().filter(id -> !delivered.contains(id)).count();
    }

    /** caseId → when its skills record was delivered (epoch ms), for the delivered ones. */
    private Map<String, Long> deliveredAt() {
        Map<String, Long> at = new HashMap<>();
        db.sql("SELECT case_id, delivered_at FROM outbound_record WHERE target = 'SKILLS' AND status = 'DELIVERED'")
                .query((rs, i) -> at.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()
                        .toEpochMilli())).list();
        return at;
    }

    private String report() {
        Map<String, Long> delivered = deliveredAt();
        Map<String, Long> timesHeld = skills.keys().stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        Map<String, Long> heldPerCase = new HashMap<>();
        db.sql("SELECT case_id, idempotency_key FROM outbound_record WHERE target = 'SKILLS'")
                .query((rs, i) -> heldPerCase.merge(rs.getString(1), timesHeld.getOrDefault(rs.getString(2), 0L),
                        Long::sum)).list();
        Set<String> accepted = new HashSet<>(acceptedAt.keySet());
        long lost = accepted.stream().filter(id -> !delivered.containsKey(id) || heldPerCase.getOrDefault(id, 0L) == 0)
                .count();
        long duplicated = heldPerCase.values().stream().filter(n -> n > 1).count();
        long maxLagMs = accepted.stream().filter(delivered::containsKey)
                .mapToLong(id -> delivered.get(id) - acceptedAt.get(id)).max().orElse(-1);
        long dlq;
        try {
            dlq = broker.messageCounts().entrySet().stream().filter(e -> e.getKey().matches("(?i).*(DLQ|dead).*"))
                    .mapToLong(Map.Entry::getValue).sum();
        } catch (Exception e) {
            dlq = -1;
        }

        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, """
                ## Soak %s (%s)

                %d min of load (%d clients per instance, %d ms pause), kill -9 of %s every %s, skills system down %s \
                every %s; gateway JVM options A `%s`, B `%s`; retention `%s`.

                | accepted (200) | delivered | lost | duplicated | longest accepted → delivered | dead letters | other answers | no answer |
                | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
                | %d | %d | %d | %d | %.1f s | %d | %s | %d |

                Refusal trickle (answers by status; 0 = no answer): %s.

                Resident memory per gateway process while the load ran, samples every %d s after its first %s (growth: \
                least-squares slope, per hour, relative to its first counted sample); heap and non-heap committed \
                (`jvm_memory_committed_bytes`) every %d s:

                | process | samples | RSS first (MB) | RSS last (MB) | RSS min–max (MB) | growth per hour | heap committed first → last (MB) | non-heap committed first → last (MB) |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                """, run, Instant.now(), length.toMinutes(), clients, pause.toMillis(),
                victims.isEmpty() ? "none" : String.join(" then ", victims), killEvery, peerDownFor, peerDownEvery,
                String.join(" ", jvmOptions("a")), String.join(" ", jvmOptions("b")), String.join(" ", retention),
                accepted.size(), accepted.stream().filter(delivered::containsKey).count(), lost, duplicated,
                maxLagMs / 1000.0, dlq, statuses.entrySet().stream().filter(e -> e.getKey() != 200)
                        .map(e -> e.getKey() + "×" + e.getValue()).sorted().collect(Collectors.joining(", ", "", "")),
                unanswered.get(), counts(refusalAnswers), SAMPLE_EVERY.toSeconds(), warmup,
                SAMPLE_EVERY.toSeconds() * HEAP_EVERY_NTH_SAMPLE));
        List<Sample> underLoad = samples.stream().filter(s -> s.nanos() <= loadUntil).toList();
        underLoad.stream().filter(s -> s.processAgeNanos() >= warmup.toNanos())
                .collect(Collectors.groupingBy(s -> "gateway-" + s.instance() + " pid " + s.pid(),
                        TreeMap::new, Collectors.toList()))
                .forEach((process, list) -> r.append(memoryRow(process, list)));

        List<String> survivors = instances.keySet().stream().filter(i -> !victims.contains(i)).sorted().toList();
        for (String survivor : survivors) {
            List<Sample> warm = underLoad.stream().filter(s -> s.instance().equals(survivor))
                    .filter(s -> s.processAgeNanos() >= survivorWarmup.toNanos()).toList();
            r.append(String.format(Locale.ROOT, "%nSurvivor gateway-%s (never killed), samples after its first %s:%n%n",
                    survivor, survivorWarmup));
            if (warm.size() < 3) {
                r.append("(too few samples: the run is shorter than the survivor's warm-up)\n");
                continue;
            }
            double perHour = 100 * slope(warm, Sample::nanos, Sample::rssKb) / warm.get(0).rssKb();
            r.append("| process | samples | RSS first (MB) | RSS last (MB) | RSS min–max (MB) | growth per hour "
                    + "| heap committed first → last (MB) | non-heap committed first → last (MB) |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
                    .append(memoryRow("gateway-" + survivor + " pid " + warm.get(0).pid(), warm))
                    .append(String.format(Locale.ROOT, "%nBar (resident memory growing less than 10 %% per hour after "
                            + "warm-up): %s (%+.1f %% per hour over %.1f min).%n", Math.abs(perHour) < 10 ? "met"
                            : "NOT met", perHour, (warm.get(warm.size() - 1).nanos() - warm.get(0).nanos()) / 6e10));
        }
        r.append(database());
        r.append("\nEvents:\n\n");
        events.forEach(e -> r.append("- ").append(e).append('\n'));
        return r.toString();
    }

    private static String memoryRow(String process, List<Sample> list) {
        Sample first = list.get(0);
        Sample last = list.get(list.size() - 1);
        List<Sample> jvm = list.stream().filter(s -> s.heapKb() > 0).toList();
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f–%.0f | %s | %s | %s |%n", process, list.size(),
                first.rssKb() / 1024.0, last.rssKb() / 1024.0,
                list.stream().mapToLong(Sample::rssKb).min().orElse(0) / 1024.0,
                list.stream().mapToLong(Sample::rssKb).max().orElse(0) / 1024.0,
                list.size() < 3 ? "(too few samples)" : String.format(Locale.ROOT, "%+.1f %%",
                        100 * slope(list, Sample::nanos, Sample::rssKb) / first.rssKb()),
                jvm.isEmpty() ? "—" : String.format(Locale.ROOT, "%.0f → %.0f", jvm.get(0).heapKb() / 1024.0,
                        jvm.get(jvm.size() - 1).heapKb() / 1024.0),
                jvm.isEmpty() ? "—" : String.format(Locale.ROOT, "%.0f → %.0f", jvm.get(0).nonHeapKb() / 1024.0,
                        jvm.get(jvm.size() - 1).nonHeapKb() / 1024.0));
    }

    /**
     * Per table, between the first snapshot once warm ({@code SOAK_DB_WARMUP} into the load) and the one when the load
     * stopped: rows, total size, the size's range and slope in between, and for the retained case data the growth
     * per case received in between (the cases themselves: {@code filing_case} rows).
     */
    private String database() {
        long warmAt = loadFrom + dbWarmup.toNanos();
        List<Long> snapshots = tableSamples.stream().map(TableSample::nanos).distinct().sorted().toList();
        if (snapshots.size() < 2) {
            return "\nDatabase: too few table snapshots.\n";
        }
        long end = snapshots.stream().filter(n -> n >= loadUntil).findFirst().orElse(snapshots.get(snapshots.size() - 1));
        long warm = snapshots.stream().filter(n -> n >= warmAt && n < end).findFirst().orElse(snapshots.get(0));
        Map<String, List<TableSample>> byTable = tableSamples.stream()
                .filter(t -> t.nanos() >= warm && t.nanos() <= end)
                .collect(Collectors.groupingBy(TableSample::table, TreeMap::new, Collectors.toList()));
        List<TableSample> cases = byTable.getOrDefault("filing_case", List.of());
        long newCases = cases.isEmpty() ? 0 : cases.get(cases.size() - 1).rows() - cases.get(0).rows();
        StringBuilder r = new StringBuilder(String.format(Locale.ROOT, """

                Database per table (exact row counts; `pg_total_relation_size`, indexes and TOAST included), from the \
                snapshot once warm (%.1f min into the load%s) to the one when the load stopped (%.1f min), snapshots \
                every %s; %d cases received in between. Purged: relayed outbox rows, nonces, refusals (docs/retention.md, \
                ages shortened here); retained: case data, kept at least 3 years, whose growth is given per case.

                | table | kept | rows warm | rows end | MB warm | MB end | MB min–max | growth MB/h | KB per case |
                | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
                """, (warm - loadFrom) / 6e10, warm < warmAt ? ", the run being shorter than SOAK_DB_WARMUP" : "",
                (end - loadFrom) / 6e10, TABLES_EVERY, newCases));
        long[] purgedTotals = new long[2];
        long[] retainedTotals = new long[2];
        byTable.forEach((table, list) -> {
            TableSample first = list.get(0);
            TableSample last = list.get(list.size() - 1);
            boolean purged = PURGED.contains(table);
            long[] totals = purged ? purgedTotals : retainedTotals;
            totals[0] += first.bytes();
            totals[1] += last.bytes();
            r.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.2f–%.2f | %+.2f | %s |%n", table,
                    purged ? "purged" : "retained", first.rows(), last.rows(), first.bytes() / 1e6, last.bytes() / 1e6,
                    list.stream().mapToLong(TableSample::bytes).min().orElse(0) / 1e6,
                    list.stream().mapToLong(TableSample::bytes).max().orElse(0) / 1e6,
                    list.size() < 2 ? 0 : slope(list, TableSample::nanos, TableSample::bytes) / 1e6,
                    purged || newCases == 0 ? "" : String.format(Locale.ROOT, "%.2f",
                            (last.bytes() - first.bytes()) / 1024.0 / newCases)));
        });
        r.append(String.format(Locale.ROOT, "| **all purged** | | | | %.2f | %.2f | | | |%n", purgedTotals[0] / 1e6,
                purgedTotals[1] / 1e6));
        r.append(String.format(Locale.ROOT, "| **all retained** | | | | %.2f | %.2f | | | %s |%n",
                retainedTotals[0] / 1e6, retainedTotals[1] / 1e6, newCases == 0 ? "" : String.format(Locale.ROOT,
                        "%.2f", (retainedTotals[1] - retainedTotals[0]) / 1024.0 / newCases)));
        List<Sample> dbSamples = samples.stream().filter(s -> s.nanos() >= warm && s.nanos() <= end).toList();
        if (dbSamples.size() >= 2) {
            r.append(String.format(Locale.ROOT, "%nDatabase (pg_database_size): %.1f MB warm, %.1f MB when the load "
                            + "stopped; growth %+.1f MB per hour (least-squares slope).%n", dbSamples.get(0).dbBytes() / 1e6,
                    dbSamples.get(dbSamples.size() - 1).dbBytes() / 1e6,
                    slope(dbSamples, Sample::nanos, Sample::dbBytes) / 1e6));
        }
        return r.toString();
    }

    private static String counts(Map<Integer, AtomicInteger> byStatus) {
        return byStatus.isEmpty() ? "none" : byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Least-squares slope of {@code value} over time ({@code nanos}), per hour. */
    static <T> double slope(List<T> list, ToLongFunction<T> nanos,
                            ToLongFunction<T> value) {
        double n = list.size();
        double mx = list.stream().mapToDouble(s -> nanos.applyAsLong(s) / 3.6e12).sum() / n;
        double my = list.stream().mapToDouble(value::applyAsLong).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (T s : list) {
            double x = nanos.applyAsLong(s) / 3.6e12 - mx;
            sxy += x * (value.applyAsLong(s) - my);
            sxx += x * x;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, "%6.1f s  ", (System.nanoTime() - began) / 1e9)
                + String.format(Locale.ROOT, format, args);
        events.add(line);
        System.out.println(line);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("duration like 90s, 5m, 1h or PT5M: " + text);
        };
    }
}
