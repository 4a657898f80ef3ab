package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.forwarding.OutboxRelay;
import cn.gov.sc.rst.filingbridge.intake.IntakeService;
import cn.gov.sc.rst.filingbridge.intake.Receipt;
import cn.gov.sc.rst.filingbridge.testsupport.Gateway;
import cn.gov.sc.rst.filingbridge.testsupport.StandaloneArtemis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The switch to an external broker: a standalone Artemis process (login required) and the whole gateway started
 * with spring.artemis.mode=native, broker-url, user and password. A submitted case's event must arrive on that
 * broker's bridge.cases.accepted queue, read back with a plain JMS client.
 */
class ExternalArtemisIT {

    static final String QUEUE = "bridge.cases.accepted";

    @TempDir
    static Path workDir;

    static StandaloneArtemis broker;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void startBrokerThenGateway() throws Exception {
        broker = StandaloneArtemis.start(workDir.resolve("broker"));
        app = Gateway.start(workDir.resolve("gateway"), Map.of(
                "spring.artemis.mode", "native",
                "spring.artemis.broker-url", broker.url(),
                "spring.artemis.user", StandaloneArtemis.USER,
                "spring.artemis.password", StandaloneArtemis.PASSWORD));
    }

    @AfterAll
    static void stopGatewayThenBroker() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void theCaseEventIsDeliveredToTheExternalBrokersQueue() throws Exception {
        assertThat(app.getBeanProvider(EmbeddedActiveMQ.class).getIfAvailable())
                .as("no in-process broker beside the external one").isNull();

        Receipt receipt = app.getBean(IntakeService.class)
                .submit(Gateway.fixtureCase(app), Gateway.restSubmission("it-platform"));
        OutboxRelay relay = app.getBean(OutboxRelay.class);
        await("outbox relayed to the external broker and marked sent").atMost(Duration.ofSeconds(30))
                .until(relay::unsentCount, n -> n == 0);

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), StandaloneArtemis.USER,
                StandaloneArtemis.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));

            // Already on the broker (marked sent only after the broker took it): a short receive suffices.
            Message message = consumer.receive(Duration.ofSeconds(10).toMillis());

            assertThat(message).as("a message on " + QUEUE + "\nbroker log:\n" + broker.log())
                    .isInstanceOf(TextMessage.class);
            JsonNode event = app.getBean(ObjectMapper.class).readTree(((TextMessage) message).getText());
            assertThat(event.path("caseId").asText()).isEqualTo(receipt.caseId());
            assertThat(event.path("SBLSH").asText()).isEqualTo("SC20261127000001");
            assertThat(event.path("YWLX").asText()).isEqualTo("设立备案");
            assertThat(event.path("event").asText()).isEqualTo("case-received");
            assertThat(message.getStringProperty("caseId")).isEqualTo(receipt.caseId());
            assertThat(message.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(receipt.caseId() + ":case-received");
            assertThat(consumer.receiveNoWait()).as("exactly one event for one case").isNull();
        }
    }
}
