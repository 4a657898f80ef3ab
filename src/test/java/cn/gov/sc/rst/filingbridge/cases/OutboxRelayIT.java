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

/**
 * Accepted cases reach the next-stage queue once; a re-send of the same outbox entry is dropped by the broker; an entry
 * the broker refuses does not hold up the entries behind it.
 */
@org.springframework.context.annotation.Import(OutboxRelayIT.FullAddress.class)
class OutboxRelayIT extends WindowTestSupport {

    /** An address the embedded broker refuses once it holds one message (max 1 byte, policy FAIL). */
    static final String FULL = "bridge.test.full";

    /**
     * A data directory of its own: the address setting makes a context of its own, whose embedded broker must not wait
     * for the journal lock of the shared test context's broker (the test context cache keeps both open).
     */
    static final java.nio.file.Path DATA_DIR = cn.gov.sc.rst.filingbridge.testsupport.DataDirs.fresh("bridge-relay-it-");

    @org.springframework.test.context.DynamicPropertySource
    static void ownDataDir(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
    }

    @org.springframework.boot.test.context.TestConfiguration
    static class FullAddress {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer fullAddress() {
            return configuration -> configuration.addAddressSetting(FULL,
                    new org.apache.activemq.artemis.core.settings.impl.AddressSettings().setMaxSizeBytes(1)
                            .setAddressFullMessagePolicy(
                                    org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.FAIL));
        }
    }

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

    @Test
    void anEntryTheBrokerRefusesDoesNotHoldUpTheEntriesBehindIt() throws Exception {
        String first = submitAccepted(validCase("SC-RELAY-" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(first) != null);
        jms.convertAndSend(FULL, "filler: the address is full from now on");
        // an entry for the full address, older than the next case's: at the head of every claim
        jdbc.sql("""
                INSERT INTO outbox (case_id, destination, dedup_id, payload, created_at)
                VALUES (?, ?, ?, '{}', CURRENT_TIMESTAMP)""").params(first, FULL, first + ":refused").update();
        try {
            String caseId = submitAccepted(validCase("SC-RELAY-" + UUID.randomUUID()));

            jms.setReceiveTimeout(100);
            assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> nextFor(caseId), m -> m != null))
                    .as("the case behind the refused entry reached its queue").isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> sentAt(caseId) != null);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE dedup_id = ? AND sent_at IS NULL")
                    .param(first + ":refused").query(Long.class).single()).as("the refused entry stays unsent")
                    .isEqualTo(1);
        } finally {
            jdbc.sql("DELETE FROM outbox WHERE dedup_id = ?").param(first + ":refused").update();
        }
    }

    /** When the case's accepted event was relayed, null while it is not. */
    private Object sentAt(String caseId) {
        return jdbc.sql("SELECT sent_at FROM outbox WHERE case_id = ? AND destination = 'bridge.cases.accepted'")
                .param(caseId).query(java.time.OffsetDateTime.class).optional().orElse(null);
    }

    private String relayedBy(String caseId) {
        return jdbc.sql("SELECT relayed_by FROM outbox WHERE case_id = ? AND destination = 'bridge.cases.accepted'").param(caseId).query(String.class).single();
    }

    private Message nextFor(String caseId) {
        return jms.receiveSelected("bridge.cases.accepted", "caseId = '" + caseId + "'");
    }
}
