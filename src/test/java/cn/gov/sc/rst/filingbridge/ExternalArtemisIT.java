package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.cases.OutboxRelay;
import cn.gov.sc.rst.filingbridge.intake.IntakeService;
import cn.gov.sc.rst.filingbridge.intake.Receipt;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.Gateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The switch to an external broker: a standalone Artemis process (login required) and the whole gateway started
 * with spring.artemis.mode=native, broker-url, user and password. A submitted case must travel through that broker
 * alone: its event, its mapping and its delivery to the skills-system simulator, with failed attempts rescheduled
 * (Artemis scheduled delivery) on the external broker.
 */
class ExternalArtemisIT {

    @TempDir
    static Path workDir;

    static StandaloneArtemis broker;
    static ConfigurableApplicationContext app;
    static SkillsSimulator skills;

    @BeforeAll
    static void startBrokerThenGateway() throws Exception {
        broker = StandaloneArtemis.start(workDir.resolve("broker"));
        skills = SkillsSimulator.start(0);
        app = Gateway.start(workDir.resolve("gateway"), Map.of(
                "spring.artemis.mode", "native",
                "spring.artemis.broker-url", broker.url(),
                "spring.artemis.user", StandaloneArtemis.USER,
                "spring.artemis.password", StandaloneArtemis.PASSWORD,
                "bridge.skills.base-url", skills.baseUrl(),
                "bridge.delivery.initial-delay", "50ms",
                "bridge.delivery.max-delay", "200ms"));
    }

    @AfterAll
    static void stopGatewayThenBroker() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (skills != null) {
                skills.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void aCaseTravelsThroughTheExternalBrokerToTheSkillsSystemIncludingScheduledRetries() throws Exception {
        assertThat(app.getBeanProvider(EmbeddedActiveMQ.class).getIfAvailable())
                .as("no in-process broker beside the external one").isNull();
        skills.mode(SkillsSimulator.Mode.FAIL_5XX);

        Receipt receipt = app.getBean(IntakeService.class)
                .submit(Gateway.fixtureCase(app), Gateway.restSubmission("it-platform"));
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        await("the first attempts fail and are rescheduled on the external broker").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("SELECT COALESCE(MAX(attempts), 0) FROM outbound_record WHERE case_id = ?"
                        + " AND target = 'SKILLS'").param(receipt.caseId()).query(Integer.class).single(), n -> n >= 3);
        skills.mode(SkillsSimulator.Mode.OK);

        await("delivered once the peer answers").atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'")
                        .param(receipt.caseId())
                        .query(String.class).single(), "DELIVERED"::equals);
        assertThat(skills.keys()).as("broker log:\n" + broker.log()).containsExactly(receipt.caseId() + ":1");
        assertThat(app.getBean(OutboxRelay.class).unsentCount()).isZero();
    }
}
