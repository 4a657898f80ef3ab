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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * Broker and gateway start side by side to keep the test short: the gateway connects to the broker only when the
     * relay first has something to send, which is after both are up.
     */
    @BeforeAll
    static void startBrokerAndGateway() throws Exception {
        int port = StandaloneArtemis.freePort();
        CompletableFuture<StandaloneArtemis> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneArtemis.start(workDir.resolve("broker"), port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        try {
            app = Gateway.start(workDir.resolve("gateway"), Map.of(
                    "spring.artemis.mode", "native",
                    "spring.artemis.broker-url", StandaloneArtemis.url(port),
                    "spring.artemis.user", StandaloneArtemis.USER,
                    "spring.artemis.password", StandaloneArtemis.PASSWORD));
        } finally {
            // Always wait for the broker, so that @AfterAll can kill it whatever happened to the gateway.
            try {
                broker = starting.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
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
