package cn.gov.sc.rst.filingbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * An accepted event the mapping cannot take (a failure no retry mends) is dead-lettered after five deliveries, and its
 * case is parked with the reason: it shows among the mapping failures, the reconciler leaves it alone instead of
 * publishing it again every stale-after into another dead letter, and a replay of the failures maps it.
 */
class MappingDeadLetterIT extends WindowTestSupport {

    @Autowired
    JmsTemplate jms;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    SkillsRecords records;

    @Test
    void aDeadLetteredEventParksItsCaseAndAReplayMapsIt() throws Exception {
        String caseId;
        camel.getRouteController().stopRoute("mapping-skills-case");
        try {
            caseId = submitAccepted(validCase("SC-MAPDL-" + UUID.randomUUID()));
            String id = caseId;
            // the case's own event taken off the queue: the case waits, as one whose event could not be mapped
            jms.setReceiveTimeout(200);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jms.receiveSelected("bridge.cases.accepted", "caseId = '" + id + "'"), m -> m != null);
        } finally {
            camel.getRouteController().startRoute("mapping-skills-case");
        }
        String id = caseId;
        jms.convertAndSend("bridge.cases.accepted", "not an event", (Message m) -> {
            m.setStringProperty("caseId", id);
            return m;
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> openFailures(id), f -> !f.isEmpty());
        assertThat(openFailures(id)).singleElement().satisfies(rule -> assertThat(rule).startsWith("dead-lettered: ")
                .contains("JsonParseException"));

        jms.setReceiveTimeout(5000);
        assertThat(jms.receiveSelected("bridge.cases.accepted.DLQ", "deadLetterReason LIKE '%JsonParseException%'"))
                .as("the event is dead-lettered as before (taken off here, so that no later test finds it)").isNotNull();

        assertThat(records.replay(Optional.of(id), "test-operator")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(id)
                .query(Long.class).single() == 1);
        assertThat(openFailures(id)).isEmpty();
    }

    private List<String> openFailures(String caseId) {
        return jdbc.sql("SELECT rule_broken FROM mapping_failure WHERE case_id = ? AND resolved_at IS NULL")
                .param(caseId).query(String.class).list();
    }
}
