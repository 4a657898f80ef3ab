package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.DatabaseSwitch;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 13: a failure of the gateway's own database is not a bad message, and nothing is stranded. The database is
 * failed through {@link DatabaseSwitch} (refused connections, broken statements) while consumers run; the
 * infrastructure retry is compressed to 50 ms growing to 200 ms, so a dozen held deliveries take a second or two.
 * Stranded work is made the way it happens in production: the message of a PENDING record or of a RECEIVED case is
 * taken off its queue, and its stamps are moved past the reconciler's age.
 */
@Import(DatabaseSwitch.class)
class InfrastructureFaultsIT extends WindowTestSupport {

    static final SkillsSimulator SIMULATOR = Peers.skills();
    static final java.nio.file.Path OWN_DATA_DIR = DataDirs.fresh("bridge-faults-it-");
    static final String MAPPING_THREAD = "JmsConsumer[bridge.cases.accepted]";
    static final String DELIVERY_THREAD = "JmsConsumer[bridge.skills.deliveries]";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SIMULATOR::baseUrl);
        Peers.compressedRetries(registry);
        registry.add("bridge.infrastructure-retry.initial-delay", () -> "50ms");
        registry.add("bridge.infrastructure-retry.max-delay", () -> "200ms");
    }

    @Autowired
    DatabaseSwitch database;
    @Autowired
    CamelContext camel;
    @Autowired
    JmsTemplate jms;
    @Autowired
    Reconciler reconciler;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void databaseAndConsumersBack() throws Exception {
        database.start();
        camel.getRouteController().startRoute("mapping-skills-case");
        camel.getRouteController().startRoute("forwarding-skills-deliver");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    /**
     * Before, the mapping's poison rule dead-lettered the event after five deliveries whatever the cause, and the case
     * stayed RECEIVED with its event in a queue nothing reads.
     */
    @Test
    void anEventMetByAStoppedDatabaseIsHeldUntilItIsBackThenMappedAndDeliveredOnce() throws Exception {
        camel.getRouteController().stopRoute("mapping-skills-case");
        String caseId = submitValidCase("SC-FAULT-MAP-").caseId();
        awaitRelayed(caseId, "bridge.cases.accepted");
        int before = database.refusedOn(MAPPING_THREAD);

        database.stop();
        camel.getRouteController().startRoute("mapping-skills-case");
        await().atMost(Duration.ofSeconds(30)).until(() -> database.refusedOn(MAPPING_THREAD) - before >= 8);
        database.start();

        awaitStatus(caseId, "DELIVERED");
        assertThat(SIMULATOR.postCount(caseId + ":1")).as("the peer saw the record once").isEqualTo(1);
        assertThat(openMappingFailures(caseId)).as("not parked as a mapping failure").isZero();
        jms.setReceiveTimeout(500);
        assertThat(jms.receive("bridge.cases.accepted.DLQ")).as("nothing dead-lettered").isNull();
    }

    /**
     * The record's read fails (the connection breaks) on four deliveries in a row; before, each burnt an attempt of the
     * peer's retry schedule, though the peer was never called.
     */
    @Test
    void aDeliveryMetByABrokenDatabaseIsNotCountedAgainstTheRetrySchedule() throws Exception {
        database.blip("SELECT record_id, case_id, target, record_version, idempotency_key, payload, status",
                DELIVERY_THREAD, 4);
        String caseId = submitValidCase("SC-FAULT-DLV-").caseId();

        awaitStatus(caseId, "DELIVERED");

        assertThat(database.refusedOn(DELIVERY_THREAD)).as("the delivery met the broken database").isGreaterThanOrEqualTo(4);
        assertThat(attempts(caseId)).as("no attempt counted").isZero();
        assertThat(SIMULATOR.postCount(caseId + ":1")).isEqualTo(1);
        assertThat(events(caseId)).doesNotContain("delivery-dead");
    }

    /**
     * The peer answered, then the settlement met a broken database, three times: each held copy waits longer (50, 100,
     * 200 ms here) as for any outage. The routes clear the headers before the peer call, and the count of holds was a
     * header, so each copy was held 50 ms again and the peer was called as fast as that.
     */
    @Test
    void aSettlementMetByABrokenDatabaseBacksOffLikeAnyOutage() throws Exception {
        ch.qos.logback.classic.Logger failures =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DeliveryFailures.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> held =
                new ch.qos.logback.core.read.ListAppender<>();
        held.start();
        failures.addAppender(held);
        try {
            database.blip("delivered_at = CASE WHEN", DELIVERY_THREAD, 3);
            Submitted submitted = submitValidCase("SC-FAULT-SETTLE-");

            awaitStatus(submitted.caseId(), "DELIVERED");

            List<String> waits = held.list.stream()
                    .filter(e -> submitted.sblsh().equals(e.getMDCPropertyMap().get("sblsh")))
                    .map(e -> e.getFormattedMessage().replaceAll(".* held for (\\d+) ms.*", "$1")).toList();
            assertThat(waits).as("the held copies' waits").containsExactly("50", "100", "200");
            assertThat(attempts(submitted.caseId())).as("no attempt counted").isZero();
            assertThat(SIMULATOR.postCount(submitted.caseId() + ":1")).as("the peer answered each copy")
                    .isGreaterThanOrEqualTo(1);
        } finally {
            failures.detachAppender(held);
        }
    }

    @Test
    void aDeliveryDuringAStoppedDatabaseIsHeldNotDeadLetteredAndItsAttemptsAreKept() throws Exception {
        camel.getRouteController().stopRoute("forwarding-skills-deliver");
        String caseId = submitValidCase("SC-FAULT-DOWN-").caseId();
        awaitRelayed(caseId, "bridge.skills.deliveries");
        int before = database.refusedOn(DELIVERY_THREAD);

        database.stop();
        camel.getRouteController().startRoute("forwarding-skills-deliver");
        await().atMost(Duration.ofSeconds(30)).until(() -> database.refusedOn(DELIVERY_THREAD) - before >= 8);
        database.start();

        awaitStatus(caseId, "DELIVERED");
        assertThat(attempts(caseId)).as("the peer was never called while the database was away").isZero();
        assertThat(SIMULATOR.postCount(caseId + ":1")).isEqualTo(1);
        jms.setReceiveTimeout(500);
        assertThat(jms.receive(SkillsDelivery.DEAD_LETTER_QUEUE)).as("nothing dead-lettered").isNull();
    }

    @Test
    void aPendingRecordWhoseMessageWasLostIsDrivenAgainOnceAndThePeerSeesItsKeyOnce() throws Exception {
        String caseId = strandedRecord("SC-FAULT-REC-");
        double reconciledBefore = reconciled("skills");

        Reconciler.Result result = reconciler.reconcile();

        assertThat(result.records()).isGreaterThanOrEqualTo(1);
        awaitStatus(caseId, "DELIVERED");
        assertThat(SIMULATOR.postCount(caseId + ":1")).as("the same Idempotency-Key, once").isEqualTo(1);
        assertThat(events(caseId)).containsOnlyOnce(Reconciler.RECORD_EVENT);
        assertThat(reconciled("skills") - reconciledBefore).isGreaterThanOrEqualTo(1);
        assertThat(reconciler.reconcile().records()).as("a delivered record is not driven again").isZero();
    }

    @Test
    void twoRunsThatFoundTheSameRecordDriveItOnce() throws Exception {
        String caseId = strandedRecord("SC-FAULT-TWICE-");
        Reconciler.Stale seen = reconciler.staleRecords(DeliveryTarget.SKILLS, OffsetDateTime.now(clock)).stream()
                .filter(s -> s.caseId().equals(caseId)).findFirst().orElseThrow();
        camel.getRouteController().stopRoute("forwarding-skills-deliver");

        boolean first = reconciler.redrive(DeliveryTarget.SKILLS, seen, OffsetDateTime.now(clock));
        boolean second = reconciler.redrive(DeliveryTarget.SKILLS, seen, OffsetDateTime.now(clock));

        assertThat(first).isTrue();
        assertThat(second).as("the second claim sees the first one's stamp").isFalse();
        assertThat(reconciler.reconcile().records()).as("a record just driven again has a message under way").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE case_id = ? AND dedup_id LIKE '%:reconcile:%'")
                .param(caseId).query(Integer.class).single()).isEqualTo(1);
        camel.getRouteController().startRoute("forwarding-skills-deliver");
        awaitStatus(caseId, "DELIVERED");
        assertThat(SIMULATOR.postCount(caseId + ":1")).isEqualTo(1);
    }

    @Test
    void aReceivedCaseWhoseAcceptedEventWasLostIsPublishedAgainAndMapped() throws Exception {
        camel.getRouteController().stopRoute("mapping-skills-case");
        String caseId = submitValidCase("SC-FAULT-RCV-").caseId();
        awaitRelayed(caseId, "bridge.cases.accepted");
        jms.setReceiveTimeout(5000);
        assertThat(jms.receiveSelected("bridge.cases.accepted", "caseId = '" + caseId + "'")).as("the event, lost").isNotNull();
        jdbc.sql("UPDATE filing_case SET received_at = ? WHERE case_id = ?").param(OffsetDateTime.now(clock).minusHours(1))
                .param(caseId).update();
        backdateOutbox(caseId);
        camel.getRouteController().startRoute("mapping-skills-case");
        double before = reconciled("mapping");

        Reconciler.Result result = reconciler.reconcile();

        assertThat(result.cases()).isGreaterThanOrEqualTo(1);
        awaitStatus(caseId, "DELIVERED");
        assertThat(events(caseId)).containsOnlyOnce(Reconciler.CASE_EVENT).contains("mapped");
        assertThat(reconciled("mapping") - before).isGreaterThanOrEqualTo(1);
        assertThat(reconciler.strandedCases(OffsetDateTime.now(clock))).doesNotContain(caseId);
    }

    /** A case whose skills record is PENDING with its message taken off the queue, stamped an hour ago. */
    private String strandedRecord(String prefix) throws Exception {
        camel.getRouteController().stopRoute("forwarding-skills-deliver");
        String caseId = submitValidCase(prefix).caseId();
        awaitRelayed(caseId, "bridge.skills.deliveries");
        jms.setReceiveTimeout(5000);
        assertThat(jms.receiveSelected("bridge.skills.deliveries", "caseId = '" + caseId + "'"))
                .as("the delivery message, lost").isNotNull();
        jdbc.sql("UPDATE outbound_record SET updated_at = ? WHERE case_id = ? AND target = 'SKILLS'")
                .param(OffsetDateTime.now(clock).minusHours(1)).param(caseId).update();
        backdateOutbox(caseId);
        camel.getRouteController().startRoute("forwarding-skills-deliver");
        assertThat(status(caseId)).isEqualTo("PENDING");
        return caseId;
    }

    private void backdateOutbox(String caseId) {
        jdbc.sql("UPDATE outbox SET sent_at = ? WHERE case_id = ? AND sent_at IS NOT NULL")
                .param(OffsetDateTime.now(clock).minusHours(1)).param(caseId).update();
    }

    private void awaitRelayed(String caseId, String queue) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM outbox WHERE case_id = ? AND destination = ? AND sent_at IS NOT NULL")
                .param(caseId).param(queue).query(Integer.class).single() > 0);
    }

    private void awaitStatus(String caseId, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(caseId), expected::equals);
    }

    private String status(String caseId) {
        return jdbc.sql("SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(String.class).optional().orElse("NONE");
    }

    private int attempts(String caseId) {
        return jdbc.sql("SELECT attempts FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(Integer.class).single();
    }

    private int openMappingFailures(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM mapping_failure WHERE case_id = ? AND resolved_at IS NULL").param(caseId)
                .query(Integer.class).single();
    }

    private List<String> events(String caseId) {
        return jdbc.sql("SELECT event_type FROM case_event WHERE case_id = ? ORDER BY seq").param(caseId)
                .query(String.class).list();
    }

    private double reconciled(String peer) {
        return meters.get("bridge.reconciled").tag("peer", peer).counter().count();
    }
}
