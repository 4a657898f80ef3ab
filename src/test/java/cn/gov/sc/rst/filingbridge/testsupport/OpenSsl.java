package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line for interoperability checks; tests skip themselves where it is missing. */
public final class OpenSsl {

    /** The exit code and the output, stderr folded into stdout. */
    public record Result(int exit, String output) {
    }

    private OpenSsl() {
    }

    /** True when {@code openssl} runs and says it is OpenSSL 3. */
    public static boolean isVersion3(Path directory) throws IOException, InterruptedException {
        Result version = run(directory, "openssl", "version");
        return version != null && version.exit() == 0 && version.output().startsWith("OpenSSL 3");
    }

    /**
     * Runs {@code command} (an openssl command line) in {@code directory} with stderr folded into stdout; null when the
     * program cannot be started at all (openssl is not on the PATH). Fails if it runs longer than 60 s.
     */
    public static Result run(Path directory, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
