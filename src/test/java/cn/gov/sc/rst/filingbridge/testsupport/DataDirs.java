package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh data directories for test contexts. A Spring test class that configures its own context gets its own
 * {@code bridge.data-dir} (broker journal and database), so that it never shares them with another context.
 * <p>
 * They live under {@code target/test-data}, not in the system's temporary folder: a context's broker journal and
 * database take about 25 MB, the contexts are closed only as the test JVM exits, and a whole {@code ./mvnw verify}
 * left over a gigabyte in {@code /tmp} (often memory-backed) on every run. Under {@code target/} a clean build removes
 * them, and each test JVM first removes what an earlier JVM left there: one build runs its test JVMs one after the
 * other (surefire, then failsafe), and a forked gateway's data directory is its parent's.
 */
public final class DataDirs {

    private static final Path ROOT = Path.of("target", "test-data").toAbsolutePath();
    /** This JVM made no directory here before this class was loaded. */
    private static final FileTime STARTED = FileTime.from(Instant.now());
    private static boolean swept;

    private DataDirs() {
    }

    /** A new empty directory under {@code target/test-data} whose name starts with {@code prefix}. */
    public static synchronized Path fresh(String prefix) {
        try {
            Files.createDirectories(ROOT);
            if (!swept) {
                sweepEarlierRuns();
                swept = true;
            }
            return Files.createTempDirectory(ROOT, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the directories last changed before this class was loaded (an earlier test JVM's); a file that cannot be
     * removed is left.
     */
    private static void sweepEarlierRuns() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.toList()) {
                if (Files.getLastModifiedTime(dir).compareTo(STARTED) < 0) {
                    deleteQuietly(dir);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the next sweep or a clean build
                }
            });
        }
    }
}
