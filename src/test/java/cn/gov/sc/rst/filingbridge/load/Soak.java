package cn.gov.sc.rst.filingbridge.load;

import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.testsupport.SharedStack;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The soak (issue 13; not a test, not in CI): two gateways from the packaged jar on one PostgreSQL (the embedded
 * binaries the tests use) and one standalone Artemis (the distribution the tests use), delivering to the skills
 * simulator, under a steady signed load for {@code SOAK_MINUTES}. One instance (A and B in turn) is killed with
 * SIGKILL and started again every {@code SOAK_KILL_EVERY}; the skills system is down for {@code SOAK_PEER_DOWN_FOR}
 * every {@code SOAK_PEER_DOWN_EVERY} (from 70 % into each period, so that outages and kills do not coincide). The
 * gateways run the production retry schedule. At the end the load stops, everything accepted is given
 * {@code SOAK_DRAIN} to arrive, and it reports accepted, delivered, lost and duplicated cases, the longest
 * accepted → delivered lag, the resident memory of every gateway process after its warm-up (growth per hour, a
 * least-squares slope over its samples), and the database's growth. docs/bench/soak.sh builds and runs it;
 * docs/reliability.md has the figures.
 *
 * <p>Settings (environment, durations as ISO-8601 or like {@code 90s}, {@code 5m}): {@code SOAK_MINUTES} (30),
 * {@code SOAK_KILL_EVERY} (5m), {@code SOAK_PEER_DOWN_EVERY} (10m), {@code SOAK_PEER_DOWN_FOR} (1m),
 * {@code SOAK_WARMUP} (2m: samples of a process younger than this are not counted), {@code SOAK_CLIENTS} (2 per
 * instance), {@code SOAK_PAUSE_MS} (100: each client's pause between cases), {@code SOAK_DRAIN} (5m),
 * {@code SOAK_GATEWAY_OPTS} (-Xmx512m), {@code SOAK_JAR} (target/skills-filing-bridge-0.1.0-SNAPSHOT.jar),
 * {@code SOAK_OUT} (target/soak). System property {@code artemis.home}: the unpacked Artemis distribution.
 */
public final class Soak {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    private final Duration length = Duration.ofMinutes(Long.parseLong(env("SOAK_MINUTES", "30")));
    private final Duration killEvery = duration(env("SOAK_KILL_EVERY", "5m"));
    private final Duration peerDownEvery = duration(env("SOAK_PEER_DOWN_EVERY", "10m"));
    private final Duration peerDownFor = duration(env("SOAK_PEER_DOWN_FOR", "1m"));
    private final Duration warmup = duration(env("SOAK_WARMUP", "2m"));
    private final Duration drain = duration(env("SOAK_DRAIN", "5m"));
    private final int clients = Integer.parseInt(env("SOAK_CLIENTS", "2"));
    private final Duration pause = Duration.ofMillis(Long.parseLong(env("SOAK_PAUSE_MS", "100")));
    private final List<String> gatewayJvm = List.of(env("SOAK_GATEWAY_OPTS", "-Xmx512m").split("\\s+"));
    private final Path jar = Path.of(env("SOAK_JAR", "target/skills-filing-bridge-0.1.0-SNAPSHOT.jar"));
    private final Path out = Path.of(env("SOAK_OUT", "target/soak"));

    private final ObjectMapper json = new ObjectMapper();
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    /** caseId → when its receipt came (epoch ms). */
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();
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

    /** Resident memory of one process, and the database's size, at one moment. */
    private record Sample(long nanos, String instance, long pid, long processAgeNanos, long rssKb, long dbBytes) {
    }

    public static void main(String[] args) throws Exception {
        new Soak().run();
        // the simulators' idle HTTP threads would keep the JVM for another minute
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("soak-");
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
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
            long loadFrom = System.nanoTime();
            log("load: %d clients per instance, %d ms pause; %d min; kill every %s; skills down %s every %s",
                    clients, pause.toMillis(), length.toMinutes(), killEvery, peerDownFor, peerDownEvery);

            scheduler.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            AtomicInteger kills = new AtomicInteger();
            scheduler.scheduleAtFixedRate(() -> {
                String victim = kills.getAndIncrement() % 2 == 0 ? "a" : "b";
                try {
                    killAndRestart(victim, work);
                } catch (Exception e) {
                    log("restart of %s failed: %s", victim, e);
                }
            }, killEvery.toMillis(), killEvery.toMillis(), TimeUnit.MILLISECONDS);
            long firstOutage = peerDownEvery.toMillis() * 7 / 10;
            scheduler.scheduleAtFixedRate(this::peerOutage, firstOutage, peerDownEvery.toMillis(),
                    TimeUnit.MILLISECONDS);

            Thread.sleep(Math.max(0, length.toMillis() - (System.nanoTime() - loadFrom) / 1_000_000));
            // a kill or an outage under way finishes (the restarted process joins the load); none starts
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.MINUTES);
            skills.mode(SkillsSimulator.Mode.OK);
            for (Instance instance : instances.values()) {
                instance.current.load().stopAndAwait(Duration.ofSeconds(40));
            }
            log("load stopped: %d receipts; waiting up to %s for delivery", acceptedAt.size(), drain);
            long drainFrom = System.nanoTime();
            while (undelivered() > 0 && System.nanoTime() - drainFrom < drain.toNanos()) {
                Thread.sleep(1000);
            }
            sample();
            String report = report(loadFrom);
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
            everyGateway.forEach(ForkedGateway::killIfAlive);
            if (skills != null) {
                skills.close();
            }
            if (platform != null) {
                platform.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void start(String name, Path work) throws IOException {
        Instance instance = instances.get(name);
        int generation = ++instance.generation;
        List<String> arguments = SharedStack.gatewayArguments(postgres, broker, "gateway-" + name, skills.baseUrl(),
                platform.baseUrl());
        ForkedGateway gateway = ForkedGateway.startJar(jar, work.resolve("gateway-" + name),
                out.resolve("gateway-" + name + "-" + generation + ".log"), gatewayJvm, arguments);
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

    private void sample() {
        try {
            long dbBytes = db.sql("SELECT pg_database_size('bridge')").query(Long.class).single();
            long now = System.nanoTime();
            for (Instance instance : instances.values()) {
                Life p = instance.current;
                long rss = p == null ? -1 : rssKb(p.gateway().pid());
                // -1: the process has just been killed (its /proc entry is gone); not a sample
                if (rss > 0) {
                    samples.add(new Sample(now, p.instance(), p.gateway().pid(), now - p.readyNanos(), rss, dbBytes));
                }
            }
        } catch (RuntimeException e) {
            log("sample failed: %s", e);
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

    private String report(long loadFrom) {
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
        double minutes = (System.nanoTime() - loadFrom) / 6e10;

        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, """
                ## Soak %s (%s)

                %d min of load (%d clients per instance, %d ms pause), kill -9 every %s, skills system down %s every %s.

                | accepted (200) | delivered | lost | duplicated | longest accepted → delivered | dead letters | other answers | no answer |
                | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
                | %d | %d | %d | %d | %.1f s | %d | %s | %d |

                Resident memory per gateway process, samples after its first %s (growth: least-squares slope, per hour,
                relative to its first counted sample):

                | process | samples | RSS first (MB) | RSS last (MB) | growth per hour |
                | --- | ---: | ---: | ---: | ---: |
                """, run, Instant.now(), length.toMinutes(), clients, pause.toMillis(), killEvery, peerDownFor,
                peerDownEvery, accepted.size(), accepted.stream().filter(delivered::containsKey).count(), lost, duplicated,
                maxLagMs / 1000.0, dlq, statuses.entrySet().stream().filter(e -> e.getKey() != 200)
                        .map(e -> e.getKey() + "×" + e.getValue()).sorted().collect(Collectors.joining(", ", "", "")),
                unanswered.get(), warmup));
        samples.stream().filter(s -> s.processAgeNanos() >= warmup.toNanos())
                .collect(Collectors.groupingBy(s -> "gateway-" + s.instance() + " pid " + s.pid(),
                        java.util.TreeMap::new, Collectors.toList()))
                .forEach((process, list) -> r.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %s |%n",
                        process, list.size(), list.get(0).rssKb() / 1024.0, list.get(list.size() - 1).rssKb() / 1024.0,
                        list.size() < 3 ? "(too few samples)" : String.format(Locale.ROOT, "%+.1f %%",
                                100 * slopePerHour(list, Sample::rssKb) / list.get(0).rssKb()))));
        List<Sample> counted = samples.stream().filter(s -> (s.nanos() - began) >= warmup.toNanos()).toList();
        if (counted.size() >= 2) {
            Sample first = counted.get(0);
            Sample last = counted.get(counted.size() - 1);
            r.append(String.format(Locale.ROOT, """

                    Database (pg_database_size): %.1f MB after the warm-up, %.1f MB at the end; growth %+.1f MB per hour \
                    (least-squares slope).
                    """, first.dbBytes() / 1e6, last.dbBytes() / 1e6, slopePerHour(counted, Sample::dbBytes) / 1e6));
        }
        r.append("\nEvents:\n\n");
        events.forEach(e -> r.append("- ").append(e).append('\n'));
        return r.toString();
    }

    /** Least-squares slope of {@code value} over time, per hour. */
    private static double slopePerHour(List<Sample> list, java.util.function.ToLongFunction<Sample> value) {
        double n = list.size();
        double mx = list.stream().mapToDouble(s -> s.nanos() / 3.6e12).sum() / n;
        double my = list.stream().mapToDouble(value::applyAsLong).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : list) {
            double x = s.nanos() / 3.6e12 - mx;
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
