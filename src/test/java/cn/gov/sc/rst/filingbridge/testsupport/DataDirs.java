package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh data directories for test contexts. A Spring test class that configures its own context gets its own
 * {@code bridge.data-dir} (broker journal and database), so that it never shares them with another context.
 */
public final class DataDirs {

    private DataDirs() {
    }

    /** A new empty temporary directory whose name starts with {@code prefix}. */
    public static Path fresh(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
