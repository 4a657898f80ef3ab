package cn.gov.sc.rst.filingbridge.signing;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler that adds {@code ·ops/cpu-s}: operations per CPU-second consumed by the benchmark JVM in an iteration
 * (all its threads, JIT and GC included). On a machine shared with other work, wall-clock throughput falls with the
 * CPU share the benchmark gets; this figure does not, and on an otherwise idle machine it is about the per-core
 * throughput. Use with {@code -prof cn.gov.sc.rst.filingbridge.signing.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        double cpuSeconds = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
        long ops = result.getMetadata().getMeasuredOps();
        if (cpuSeconds <= 0 || ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("·ops/cpu-s", ops / cpuSeconds, "ops/cpu-s", AggregationPolicy.AVG));
    }
}
