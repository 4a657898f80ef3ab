package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** Accepted cases reach the next-stage queue once; a re-send of the same outbox entry is dropped by the broker. */
class OutboxRelayIT extends WindowTestSupport {

    @Autowired
    JmsTemplate jms;
    @Autowired
    OutboxRelay relay;
    @Autowired
    org.apache.camel.CamelContext camel;

    @org.junit.jupiter.api.BeforeEach
    void pauseTheMappingConsumer() throws Exception {
        camel.getRouteController().stopRoute("mapping-skills-case");
    }

    @org.junit.jupiter.api.AfterEach
    void resumeTheMappingConsumer() throws Exception {
        camel.getRouteController().startRoute("mapping-skills-case");
    }

    @Test
    void anAcceptedCaseReachesTheQueueWithItsDuplicateDetectionIdAndAReSendIsDropped() throws Exception {
        String sblsh = "SC-RELAY-" + UUID.randomUUID();
        String caseId = submitAccepted(validCase(sblsh));

        jms.setReceiveTimeout(100);
        Message received = await().atMost(Duration.ofSeconds(20)).until(() -> nextFor(caseId), m -> m != null);
        JsonNode event = json.readTree(((TextMessage) received).getText());
        assertThat(event.get("SBLSH").asText()).isEqualTo(sblsh);
        assertThat(event.get("event").asText()).isEqualTo("case-received");
        assertThat(received.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(caseId + ":case-received");
        await().atMost(Duration.ofSeconds(5)).until(() -> sentAt(caseId) != null);
        assertThat(relayedBy(caseId)).as("the instance that claimed and relayed the entry").isEqualTo(relay.instanceId());

        // as after a crash between the broker's commit and the outbox update: the relay sends again, the broker
        // refuses the transaction that holds the duplicate, and the relay's one-by-one re-send is dropped
        jdbc.sql("UPDATE outbox SET sent_at = NULL WHERE case_id = ? AND destination = 'bridge.cases.accepted'").param(caseId).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(caseId) != null);
        jms.setReceiveTimeout(1000);
        assertThat(nextFor(caseId)).as("the broker dropped the duplicate").isNull();
    }

    private Object sentAt(String caseId) {
        return jdbc.sql("SELECT sent_at FROM outbox WHERE case_id = ? AND destination = 'bridge.cases.accepted'").param(caseId).query(Object.class).optional().orElse(null);
    }

    private String relayedBy(String caseId) {
        return jdbc.sql("SELECT relayed_by FROM outbox WHERE case_id = ? AND destination = 'bridge.cases.accepted'").param(caseId).query(String.class).single();
    }

    private Message nextFor(String caseId) {
        return jms.receiveSelected("bridge.cases.accepted", "caseId = '" + caseId + "'");
    }
}
