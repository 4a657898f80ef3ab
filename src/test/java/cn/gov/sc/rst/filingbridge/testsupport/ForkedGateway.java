package cn.gov.sc.rst.filingbridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The gateway as a separate JVM (main class {@code cn.gov.sc.rst.filingbridge.Application}, the test JVM's classpath
 * without the test classes), so that it can be killed like a real process. Output goes to a log file. It runs the demo
 * profile on a free port with the given data directory; the caller's arguments come after those and may override
 * them (an external database and broker, which routes run, where the peers are).
 */
public final class ForkedGateway {

    public static final String MAIN_CLASS = "cn.gov.sc.rst.filingbridge.Application";
    /** Exit status of a JVM ended by SIGKILL (128 + 9). */
    public static final int KILLED_BY_SIGKILL = 137;

    /** Ports below this are left to services; the test ports are taken from here up to the ephemeral range. */
    private static final int LOWEST_PORT = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private final Process process;
    private final int port;
    private final Path log;

    private ForkedGateway(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the gateway with the demo profile on a free port and the given data directory, then {@code arguments}
     * (Spring Boot command-line properties, {@code --name=value}).
     */
    public static ForkedGateway start(Path dataDir, Path log, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        return launch(List.of("-cp", gatewayClasspath(), MAIN_CLASS), dataDir, log, jvmOptions, arguments);
    }

    /** As {@link #start}, from the packaged jar ({@code java -jar}), as an operator would run it. */
    public static ForkedGateway startJar(Path jar, Path dataDir, Path log, List<String> jvmOptions,
                                         List<String> arguments) throws IOException {
        return launch(List.of("-jar", jar.toAbsolutePath().toString()), dataDir, log, jvmOptions, arguments);
    }

    private static ForkedGateway launch(List<String> program, Path dataDir, Path log, List<String> jvmOptions,
                                        List<String> arguments) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(program);
        command.add("--spring.profiles.active=demo");
        command.add("--server.port=" + port);
        command.add("--bridge.data-dir=" + dataDir.toAbsolutePath());
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ForkedGateway(process, port, log);
    }

    /**
     * A free local TCP port (for the HTTP server or a test-only broker acceptor), below the kernel's ephemeral range.
     * A port the system hands out for {@code new ServerSocket(0)} comes from that range, which the outgoing
     * connections of every process draw on too: between this check and the gateway's bind, seconds later, one of its
     * own pooled connections took the port once, and Tomcat failed to start with "Port … was already in use".
     */
    public static int freePort() throws IOException {
        int below = ephemeralRangeStart();
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, below);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (BindException taken) {
                // another one
            }
        }
        throw new IOException("no free TCP port between " + LOWEST_PORT + " and " + below);
    }

    /**
     * The first port of Linux's ephemeral range, or 32768 (its default; other systems' ranges start higher); the whole
     * range up to 65535 if it starts too low to leave room below it.
     */
    private static int ephemeralRangeStart() {
        try {
            // read as lines: Files.readString trusts the file's size, and a /proc file's is 0 (it gave "3" here)
            int start = Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
            return start > LOWEST_PORT + 1_000 ? start : 65_536;
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    /** The test classpath less test classes: the gateway must not see test resources or test beans. */
    private static String gatewayClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the actuator health endpoint answers 200; fails at once if the process dies first. */
    public ForkedGateway awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        await("gateway pid " + pid() + " ready (log " + log + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .failFast("the gateway process exited; see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    /** SIGKILL (kill -9): no shutdown hook, no flush, no close. Returns the exit status once the process is gone. */
    public int killHard() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(15));
    }

    /** SIGTERM: Spring closes the context (Camel, broker, pool, database). Returns the exit status. */
    public int stopGracefully(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** For cleanup after a failed test; does nothing when the process has already ended. */
    public void killIfAlive() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Waits for the process to end by itself; returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        try {
            return process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS).exitValue();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("gateway pid " + pid() + " still running after " + timeout, e);
        }
    }

    @Override
    public String toString() {
        return "gateway pid " + pid() + " on port " + port + " (log " + log + ")";
    }
}
