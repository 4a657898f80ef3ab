package cn.gov.sc.rst.filingbridge.wiring;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What masking costs the per-case INFO lines of intake, mapping, delivery and workflow (message and SBLSH), as
 * {@link MaskingConverter#forLog} writes them: {@code perCaseLines} as it is now, {@code perCaseLinesFormerGate} as it
 * was (any 11 digits in the line, and a UUID has about 20, sent the line through the regex), and {@code lineWithMobile}
 * for a line that does hold personal data. Run from the repository root; command and results in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MaskingBenchmark {

    /** The per-case INFO lines of one case, as the gateway logs them (ids as generated: UUIDs, record keys). */
    static final String[] LINES = {
        "case received on REST from app test-app",
        "SC-LOAD-8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925",
        "case mapped to skills-record/v1 version 1",
        "case 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925 RECEIVED -> FORWARDED (forwarded) by gateway:forwarding",
        "clock COMPLETENESS of case 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925 started 2026-11-27, due 2026-12-04",
        "skills record 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925:1 DELIVERED",
        "platform feedback SLZTDM queued as version 1",
        "platform record 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925:platform:1 DELIVERED",
    };
    static final String WITH_MOBILE = "SMS to 138 1234 5678 queued for case 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925";

    /** The former fast path: fewer than 11 digits anywhere in the line, else the regex. */
    private static final Pattern FORMER_FINDER = Pattern.compile(
            "(?<id18>(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}"
                    + "[0-9Xx](?![0-9A-Za-z]))|(?<id15>(?<![0-9A-Za-z])[1-9]\\d{5}\\d{2}(?:0[1-9]|1[0-2])"
                    + "(?:0[1-9]|[12]\\d|3[01])\\d{3}(?![0-9A-Za-z]))|(?<mobile>(?<!\\d)(?<prefix>(?:\\+86|0086|86)[ -]?)?"
                    + "(?<head>1[3-9]\\d)[ -]?(?<mid>\\d{4})[ -]?(?<tail>\\d{4})(?!\\d))");

    @Benchmark
    public void perCaseLines(Blackhole bh) {
        for (String line : LINES) {
            bh.consume(MaskingConverter.forLog(line));
        }
    }

    @Benchmark
    public void perCaseLinesFormerGate(Blackhole bh) {
        for (String line : LINES) {
            bh.consume(formerGate(line) && FORMER_FINDER.matcher(PersonalData.normalise(line)).find()
                    ? MaskingConverter.forLog(line) : MaskingConverter.escape(line));
        }
    }

    @Benchmark
    public String lineWithMobile() {
        return MaskingConverter.forLog(WITH_MOBILE);
    }

    private static boolean formerGate(String text) {
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= '０' && c <= '９')) {
                if (++digits >= 11) {
                    return true;
                }
            }
        }
        return false;
    }
}
