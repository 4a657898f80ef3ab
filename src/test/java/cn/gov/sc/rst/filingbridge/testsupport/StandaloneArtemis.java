package cn.gov.sc.rst.filingbridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

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

    private final Path instance;
    private final int port;
    private final Path log;
    private final Thread killOnExit;
    private volatile Process process;

    private StandaloneArtemis(Path instance, Process process, int port, Path log) {
        this.instance = instance;
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
        int port = ForkedGateway.freePort();
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
        StandaloneArtemis broker = new StandaloneArtemis(instance, run(instance, runLog, false), port, runLog);
        try {
            broker.awaitActive(0);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The instance script execs java, so the process is the broker's JVM itself. */
    private static Process run(Path instance, Path runLog, boolean append) throws IOException {
        ProcessBuilder builder = launcher(List.of(instance.resolve("bin/artemis").toString(), "run"), runLog);
        if (append) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(runLog.toFile()));
        }
        return builder.start();
    }

    /** Waits for the broker's "active" line (AMQ221007) beyond the first {@code activeLinesBefore} in its log. */
    private void awaitActive(int activeLinesBefore) {
        await("standalone Artemis active on port " + port).atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the broker exited:\n" + read(log));
                    }
                    return occurrences(read(log), "AMQ221007") > activeLinesBefore;
                });
    }

    /**
     * Stops the broker process (SIGTERM: it closes its journal and its connections) and waits until it is gone; its
     * instance, journal and port stay for {@link #startAgain()}.
     */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not stop within 30 s");
        }
    }

    /** Runs the same instance again (same journal, same port) until it reports itself active. */
    public void startAgain() throws IOException {
        int before = occurrences(read(log), "AMQ221007");
        process = run(instance, log, true);
        awaitActive(before);
    }

    /**
     * Messages held by each queue of the broker (scheduled ones included), asked over the core protocol's management
     * address, as the broker's own console would.
     */
    public Map<String, Long> messageCounts() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(USER, PASSWORD, false, true, true, false, 1)) {
            session.start();
            ClientRequestor requestor = new ClientRequestor(session, "activemq.management");
            try {
                Map<String, Long> counts = new TreeMap<>();
                for (Object name : (Object[]) ask(session, requestor, ResourceNames.BROKER, "queueNames")) {
                    Object count = ask(session, requestor, ResourceNames.QUEUE + name, "messageCount");
                    counts.put(name.toString(), ((Number) count).longValue());
                }
                return counts;
            } finally {
                requestor.close();
            }
        }
    }

    private static Object ask(ClientSession session, ClientRequestor requestor, String resource, String attribute)
            throws Exception {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putAttribute(request, resource, attribute);
        ClientMessage reply = requestor.request(request, 10_000);
        if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException("the broker did not answer " + resource + "." + attribute
                    + (reply == null ? "" : ": " + ManagementHelper.getResult(reply)));
        }
        return ManagementHelper.getResult(reply);
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
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

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
