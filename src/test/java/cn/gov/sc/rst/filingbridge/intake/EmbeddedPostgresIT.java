package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.testsupport.ForkedGateway;
import cn.gov.sc.rst.filingbridge.load.CaseBodies;
import cn.gov.sc.rst.filingbridge.load.WindowClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bridge.embedded-database=postgres}: the gateway runs PostgreSQL itself with its data under
 * {@code ${bridge.data-dir}/pg}. A case receipted in the first life is killed with SIGKILL (the postmaster, a daemon,
 * outlives its gateway); the second life must take the directory over from it and find the case; after a graceful
 * stop (the postmaster stops with the gateway) the third life finds it again. No H2 file is ever made.
 */
class EmbeddedPostgresIT {

    private static final String APP_ID = "demo-platform";
    private static final String SECRET = "demo-secret-change-me";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "embedded-postgres");
    private static final List<String> GATEWAY_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m",
            "-Dbridge.embedded-database=postgres");

    private final ObjectMapper json = new ObjectMapper();
    private final List<ForkedGateway> gateways = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        for (ForkedGateway gateway : gateways) {
            if (gateway.isAlive()) {
                gateway.stopGracefully(Duration.ofSeconds(30));
            }
        }
        // a postmaster left by a failed run: SIGTERM, as the gateway's next start would do
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void aCaseOnEmbeddedPostgresSurvivesKillMinusNineAndARestart() throws Exception {
        String sblsh = "EPG" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();

        ForkedGateway first = fork("life1-killed.log");
        HttpResponse<String> receipt = client(first).submit(CaseBodies.fromFixture().newFiling(sblsh));
        assertThat(receipt.statusCode()).as("receipt %s", receipt.body()).isEqualTo(200);
        String caseId = json.readTree(receipt.body()).path("caseId").asText();
        assertThat(caseId).isNotBlank();
        Optional<ProcessHandle> firstPostmaster = postmaster();
        assertThat(firstPostmaster).as("postmaster.pid of a running server in %s", dataDir.resolve("pg")).isPresent();

        assertThat(first.killHard()).isEqualTo(ForkedGateway.KILLED_BY_SIGKILL);
        assertThat(firstPostmaster.get().isAlive()).as("the postmaster outlives a gateway killed with SIGKILL").isTrue();

        ForkedGateway second = fork("life2-after-kill.log");
        assertThat(firstPostmaster.get().isAlive()).as("the orphaned postmaster was stopped").isFalse();
        assertCaseAsReceipted(second, sblsh, caseId);
        Optional<ProcessHandle> secondPostmaster = postmaster();
        assertThat(secondPostmaster).isPresent();
        assertThat(second.stopGracefully(Duration.ofSeconds(60))).as("exit status after SIGTERM").isIn(0, 143);
        await("the postmaster stops with its gateway").atMost(Duration.ofSeconds(30))
                .until(() -> !secondPostmaster.get().isAlive());
        // the server stops after the context has closed, not beside it (zonky's own shutdown hook would stop it while
        // the relay and the consumers still ran: "terminating connection due to administrator command", 57P01)
        assertThat(Files.readString(second.log(), StandardCharsets.UTF_8))
                .as("a graceful stop never pulls the database from under the routes")
                .doesNotContain("57P01").doesNotContain("terminating connection due to administrator command");

        ForkedGateway third = fork("life3-after-stop.log");
        assertCaseAsReceipted(third, sblsh, caseId);
        assertThat(third.stopGracefully(Duration.ofSeconds(60))).isIn(0, 143);

        assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).exists();
        assertThat(Files.readString(dataDir.resolve("pg").resolve("PG_VERSION"), StandardCharsets.US_ASCII).trim())
                .isEqualTo("16");
        assertThat(dataDir.resolve("db")).as("no H2 database on embedded PostgreSQL").doesNotExist();
    }

    /**
     * The README's CDS training run ({@code -Dspring.context.exit=onRefresh}) ends with {@code Runtime.halt}: no hook
     * runs. It must not leave its PostgreSQL running on the throw-away directory.
     */
    @Test
    void aCdsTrainingRunLeavesNoPostgreSqlRunning() throws Exception {
        List<String> jvm = new ArrayList<>(GATEWAY_JVM);
        jvm.add("-Dspring.context.exit=onRefresh");
        ForkedGateway training = ForkedGateway.start(dataDir, LOGS.resolve("cds-training.log"), jvm, List.of());
        gateways.add(training);

        assertThat(training.awaitExit(STARTUP)).as("exit status of the training run (log %s)", training.log())
                .isZero();
        assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).as("it ran on embedded PostgreSQL").exists();
        assertThat(postmaster()).as("a PostgreSQL server still running on %s after the training run",
                dataDir.resolve("pg")).isEmpty();
        assertThat(Files.readString(training.log(), StandardCharsets.UTF_8))
                .contains("stopping the embedded PostgreSQL before Spring halts the JVM")
                .doesNotContain(" ERROR ");
    }

    /**
     * The README's CDS training run ({@code --bridge.exit-when-ready=true}) starts everything, routes and consumers
     * included, and then closes as a SIGTERM would: exit status 0, the embedded PostgreSQL stopped with it.
     */
    @Test
    void aTrainingRunThatExitsWhenReadyStartsEverythingAndStopsCleanly() throws Exception {
        ForkedGateway training = ForkedGateway.start(dataDir, LOGS.resolve("cds-training-ready.log"), GATEWAY_JVM,
                List.of("--bridge.exit-when-ready=true"));
        gateways.add(training);

        assertThat(training.awaitExit(STARTUP)).as("exit status of the training run (log %s)", training.log())
                .isZero();
        assertThat(postmaster()).as("a PostgreSQL server still running on %s after the training run",
                dataDir.resolve("pg")).isEmpty();
        String log = Files.readString(training.log(), StandardCharsets.UTF_8);
        assertThat(log)
                .contains("Started forwarding-skills-deliver", "Tomcat started on port",
                        "bridge.exit-when-ready=true: ready; closing the context and exiting")
                .doesNotContain(" ERROR ");
        assertThat(log.indexOf("Tomcat started on port"))
                .as("the exit comes after the start, not instead of it")
                .isLessThan(log.indexOf("bridge.exit-when-ready=true: ready"));
    }

    private void assertCaseAsReceipted(ForkedGateway gateway, String sblsh, String caseId) throws Exception {
        HttpResponse<String> found = client(gateway).get(sblsh);
        assertThat(found.statusCode()).as("GET %s: %s", sblsh, found.body()).isEqualTo(200);
        JsonNode view = json.readTree(found.body());
        assertThat(view.path("caseId").asText()).isEqualTo(caseId);
        assertThat(view.path("history").path(0).path("type").asText()).isEqualTo(IntakeService.EVENT_RECEIVED);
    }

    private ForkedGateway fork(String logName) throws Exception {
        ForkedGateway gateway = ForkedGateway.start(dataDir, LOGS.resolve(logName), GATEWAY_JVM, List.of());
        gateways.add(gateway);
        return gateway.awaitReady(STARTUP);
    }

    private static WindowClient client(ForkedGateway gateway) {
        return new WindowClient(gateway.baseUri(), APP_ID, SECRET);
    }

    /** The live process named by {@code pg/postmaster.pid}, if any. */
    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (Exception absent) {
            return Optional.empty();
        }
    }
}
