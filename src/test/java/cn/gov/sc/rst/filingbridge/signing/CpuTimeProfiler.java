package cn.gov.sc.rst.filingbridge.signing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler that adds {@code ·ops/cpu-s}: operations per CPU-second spent by the benchmark's worker threads in an
 * iteration. On a machine shared with other work, wall-clock throughput falls with the CPU share the benchmark gets;
 * this figure mostly does not, and on an idle machine it is close to the single-core throughput. Use with
 * {@code -prof cn.gov.sc.rst.filingbridge.signing.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {

    /** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> cpuAtStart = Map.of();

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark worker threads";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = workerCpuTimes();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpuNanos = 0;
        for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
            cpuNanos += worker.getValue() - cpuAtStart.getOrDefault(worker.getKey(), 0L);
        }
        long ops = result.getMetadata().getMeasuredOps();
        if (cpuNanos <= 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("·ops/cpu-s", ops / (cpuNanos / 1e9), "ops/cpu-s", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    times.put(info.getThreadId(), cpu);
                }
            }
        }
        return times;
    }
}
