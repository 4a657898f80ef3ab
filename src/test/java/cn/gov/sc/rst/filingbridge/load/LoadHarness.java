package cn.gov.sc.rst.filingbridge.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load harness for the REST window (not a test): N closed-loop clients push signed new-filing cases with unique
 * SBLSHs against a running gateway for a warm-up and then a measured period, and it prints accepted cases per second
 * and the latency of accepted submissions (p50, p95, p99, max). Several client counts run one after the other.
 *
 * <p>Settings as {@code key=value} arguments or {@code -Dload.key=value} system properties (arguments win):
 * {@code baseUrl} (http://127.0.0.1:8080), {@code appId} (demo-platform), {@code secret} (demo-secret-change-me),
 * {@code clients} (8; a list such as 8,16,32 runs each), {@code seconds} (30, measured), {@code warmup} (10), and
 * optionally {@code serverPid}: the gateway's process id on this machine, to report its CPU time per accepted case
 * (the harness reports its own as well: on a small machine the two compete for the same cores), and the share of
 * the machine's cores that other processes used meanwhile.
 *
 * <pre>
 * ./mvnw -o -q test-compile exec:java -Dexec.args="baseUrl=http://127.0.0.1:8080 clients=8,16,32 seconds=30 warmup=10"
 * </pre>
 */
public final class LoadHarness {

    /** Stop a run early once this many submissions in a row got no answer: the gateway is gone. */
    private static final int GIVE_UP_AFTER_CONSECUTIVE_FAILURES = 500;

    record Settings(URI baseUrl, String appId, String secret, List<Integer> clients, Duration measured,
                    Duration warmup, Optional<ProcessHandle> server) {

        static Settings from(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("load."))
                    .forEach(k -> given.put(k.substring("load.".length()), System.getProperty(k)));
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key=value, got " + arg);
                }
                given.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            List<String> known = List.of("baseUrl", "appId", "secret", "clients", "seconds", "warmup", "serverPid");
            given.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown setting " + k + "; known: " + known);
            });
            String base = given.getOrDefault("baseUrl", "http://127.0.0.1:8080");
            return new Settings(URI.create(base.endsWith("/") ? base : base + "/"),
                    given.getOrDefault("appId", "demo-platform"),
                    given.getOrDefault("secret", "demo-secret-change-me"),
                    Arrays.stream(given.getOrDefault("clients", "8").split(",")).map(String::trim)
                            .map(Integer::valueOf).toList(),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "30"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "10"))),
                    Optional.ofNullable(given.get("serverPid")).map(pid -> ProcessHandle.of(Long.parseLong(pid))
                            .orElseThrow(() -> new IllegalArgumentException("no process " + pid))));
        }
    }

    /** One run's figures; latencies in milliseconds, CPU in milliseconds per accepted case (NaN when unknown). */
    record Result(int clients, double seconds, int accepted, int refused, int failed, double acceptedPerSecond,
                  double p50, double p95, double p99, double max, double serverCpu, double harnessCpu,
                  double othersCpuPercent, Map<Integer, Integer> statuses, List<String> samples) {

        String row() {
            return String.format(Locale.ROOT,
                    "| %d | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d | %.2f | %.2f | %.0f |",
                    clients, seconds, accepted, acceptedPerSecond, p50, p95, p99, max, refused, failed, serverCpu,
                    harnessCpu, othersCpuPercent);
        }
    }

    static final String HEADER = """
            | clients | measured s | accepted | accepted/s | p50 ms | p95 ms | p99 ms | max ms | refused | failed \
            | gateway CPU ms/case | harness CPU ms/case | other processes' CPU % |
            |--------:|-----------:|---------:|-----------:|-------:|-------:|-------:|-------:|--------:|-------:\
            |----:|----:|----:|""";

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args);
        System.out.printf("load harness: %s as %s, clients %s, warm-up %d s, measured %d s, %d processors here%n",
                settings.baseUrl(), settings.appId(), settings.clients(), settings.warmup().toSeconds(),
                settings.measured().toSeconds(), Runtime.getRuntime().availableProcessors());
        WindowClient client = new WindowClient(settings.baseUrl(), settings.appId(), settings.secret());
        CaseBodies bodies = CaseBodies.fromFixture();
        List<Result> results = new ArrayList<>();
        for (int clients : settings.clients()) {
            Result result = run(client, bodies, clients, settings.warmup(), settings.measured(), settings.server());
            results.add(result);
            System.out.println(HEADER);
            System.out.println(result.row());
            if (!result.samples().isEmpty()) {
                System.out.println("answers other than 200 by status: " + result.statuses() + "; e.g. "
                        + result.samples());
            }
        }
        System.out.println();
        System.out.println(HEADER);
        results.forEach(r -> System.out.println(r.row()));
    }

    static Result run(WindowClient client, CaseBodies bodies, int clients, Duration warmup, Duration measured,
                      Optional<ProcessHandle> server) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        Latencies latencies = new Latencies();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger consecutiveFailures = new AtomicInteger();
        CountDownLatch gatewayGone = new CountDownLatch(1);
        String prefix = "LOAD" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase()
                + "C" + clients + "-";

        CasePusher pusher = new CasePusher(client, bodies, clients, prefix, outcome -> {
            if (outcome.status() == 0) {
                if (consecutiveFailures.incrementAndGet() >= GIVE_UP_AFTER_CONSECUTIVE_FAILURES) {
                    gatewayGone.countDown();
                }
            } else {
                consecutiveFailures.set(0);
            }
            if (outcome.endNanos() < measureFrom || outcome.endNanos() >= measureTo) {
                return;
            }
            if (outcome.receipted()) {
                latencies.add(outcome.latencyNanos());
            } else if (outcome.status() == 0) {
                failed.incrementAndGet();
            } else {
                synchronized (statuses) {
                    statuses.merge(outcome.status(), 1, Integer::sum);
                    if (samples.size() < 3) {
                        samples.add(outcome.status() + " " + outcome.body());
                    }
                }
            }
        });
        pusher.start();
        boolean gaveUp = gatewayGone.await(measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS);
        long serverCpuFrom = cpuNanos(server);
        long harnessCpuFrom = cpuNanos(Optional.of(ProcessHandle.current()));
        double machineBusyFrom = machineBusySeconds();
        gaveUp = gaveUp || gatewayGone.await(measureTo - System.nanoTime(), TimeUnit.NANOSECONDS);
        long serverCpu = cpuNanos(server) - serverCpuFrom;
        long harnessCpu = cpuNanos(Optional.of(ProcessHandle.current())) - harnessCpuFrom;
        double machineBusy = machineBusySeconds() - machineBusyFrom;
        pusher.stopAndAwait(Duration.ofSeconds(60));
        if (gaveUp) {
            throw new IllegalStateException(GIVE_UP_AFTER_CONSECUTIVE_FAILURES
                    + " submissions in a row got no answer; is the gateway running at the base URL?");
        }
        long[] sorted = latencies.sorted();
        double seconds = measured.toNanos() / 1e9;
        int refused;
        synchronized (statuses) {
            refused = statuses.values().stream().mapToInt(Integer::intValue).sum();
        }
        return new Result(clients, seconds, sorted.length, refused, failed.get(), sorted.length / seconds,
                millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.95)), millis(percentile(sorted, 0.99)),
                millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
                server.isPresent() ? millis(serverCpu) / sorted.length : Double.NaN,
                millis(harnessCpu) / sorted.length,
                server.isPresent() && machineBusy >= 0
                        ? 100 * (machineBusy - (serverCpu + harnessCpu) / 1e9)
                                / (seconds * Runtime.getRuntime().availableProcessors())
                        : Double.NaN,
                Map.copyOf(statuses), List.copyOf(samples));
    }

    /**
     * CPU seconds the whole machine has been busy (all processes; Linux /proc/stat), or NaN elsewhere. With the
     * gateway's and the harness's own share taken off, it shows how much of the cores other work took during a run.
     */
    private static double machineBusySeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 7; i++) { // user nice system idle iowait irq softirq
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long cpuNanos(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Latencies in nanoseconds, appended from many threads. */
    private static final class Latencies {
        private long[] values = new long[1 << 14];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    private LoadHarness() {
    }
}
