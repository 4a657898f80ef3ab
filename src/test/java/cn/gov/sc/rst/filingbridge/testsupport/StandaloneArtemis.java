package cn.gov.sc.rst.filingbridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Apache Artemis broker in its own process, from the {@code apache-artemis} distribution that Maven
 * unpacks before the integration tests (system property {@code artemis.home}, set by failsafe in the POM). It listens
 * on 127.0.0.1 only, on a free port, with login required, no web console and only the core acceptor, so that tests
 * running side by side never meet on a port. {@link #close()} kills it; a JVM shutdown hook does so too, should the
 * test JVM end without running it.
 */
public final class StandaloneArtemis implements AutoCloseable {

    public static final String USER = "bridge";
    public static final String PASSWORD = "bridge-it-secret";

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private StandaloneArtemis(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(this::kill, "kill-standalone-artemis");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Creates a broker instance under {@code workDir} and runs it until it reports itself active. */
    public static StandaloneArtemis start(Path workDir) throws IOException, InterruptedException {
        Path home = artemisHome();
        Files.createDirectories(workDir);
        Path instance = workDir.resolve("instance");
        int port = freePort();
        List<String> create = new ArrayList<>(List.of(home.resolve("bin/artemis").toString(), "create",
                instance.toString(), "--silent", "--name", "bridge-it", "--user", USER, "--password", PASSWORD,
                "--require-login", "--host", "127.0.0.1", "--default-port", Integer.toString(port), "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--nio", "--no-autotune", "--java-memory", "512M"));
        Path createLog = workDir.resolve("create.log");
        Process creating = launcher(create, createLog).start();
        if (!creating.waitFor(60, TimeUnit.SECONDS)) {
            creating.destroyForcibly();
            throw new IllegalStateException("`artemis create` did not finish within 60 s:\n" + read(createLog));
        }
        if (creating.exitValue() != 0) {
            throw new IllegalStateException("`artemis create` failed:\n" + read(createLog));
        }

        Path runLog = workDir.resolve("broker.log");
        // The instance script execs java, so this process is the broker's JVM itself.
        StandaloneArtemis broker = new StandaloneArtemis(
                launcher(List.of(instance.resolve("bin/artemis").toString(), "run"), runLog).start(), port, runLog);
        try {
            await("standalone Artemis active on port " + port).atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!broker.process.isAlive()) {
                            throw new IllegalStateException("the broker exited:\n" + read(runLog));
                        }
                        return read(runLog).contains("AMQ221007");
                    });
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String log() {
        return read(log);
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder launcher(List<String> command, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        // The broker runs on the JDK that runs the tests, whatever is or is not on the PATH.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_ARGS");
        return builder;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static Path artemisHome() {
        String configured = System.getProperty("artemis.home");
        if (configured == null || !Files.isRegularFile(Path.of(configured, "bin", "artemis"))) {
            throw new IllegalStateException("no Artemis distribution at artemis.home=" + configured
                    + ": run through Maven (`./mvnw verify -Dit.test=ExternalArtemisIT`), whose pre-integration-test"
                    + " phase unpacks org.apache.activemq:apache-artemis:bin into target/artemis-dist");
        }
        return Path.of(configured);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
