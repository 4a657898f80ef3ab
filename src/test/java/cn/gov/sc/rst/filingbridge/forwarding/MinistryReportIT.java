package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.reporting.FilingEvent;
import cn.gov.sc.rst.filingbridge.reporting.ReportXml;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator.Mode;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Message;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * 备案情况报人社部 end to end against the ministry simulator: a filing event of an accepted case becomes a signed report,
 * the simulator verifies the gateway's signature, the gateway verifies the ministry's receipt before it stores it and
 * marks the report delivered. Outages are ridden out and the report arrives once; receipts that do not verify (signer
 * unknown, signer not the ministry, bytes changed) change nothing and are retried; a rejection parks; exhaustion
 * dead-letters with the reason; both replay. The retry schedule is compressed (20 ms growing to 200 ms, giving up
 * after 6 s).
 */
class MinistryReportIT extends WindowTestSupport {

    static final MinistrySimulator.Keys KEYS = MinistrySimulator.Keys.certsExample(Path.of("certs-example"));
    static final MinistrySimulator MINISTRY = MinistrySimulator.start(0, KEYS,
            Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")));
    static final SkillsSimulator SKILLS = Peers.skills();
    /** This class configures its own context, so it needs its own broker journal and database beside the shared one. */
    static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-ministry-it-");
    static final AtomicInteger FILING_NUMBERS = new AtomicInteger(1);

    @Autowired
    MinistryReports reports;
    @Autowired
    Deliveries deliveries;
    @Autowired
    MessageSigner gatewaySigner;
    @Autowired
    JmsTemplate jms;
    @Value("${bridge.data-dir}")
    String dataDir;

    private final ReportXml xml = new ReportXml();

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.ministry.address", MINISTRY::address);
        registry.add("bridge.skills.base-url", SKILLS::baseUrl);
        // 20 s: soapFaultsAnd503sAreRiddenOut needs its two faults, two 503s and the success inside the schedule, and
        // lost it to a 6-s schedule in a busy verify; the dead-letter test waits for the schedule to end (90 s at most)
        Peers.compressedRetries(registry, "20s", "2s");
    }

    @AfterEach
    void ministryBackToNormal() {
        MINISTRY.mode(Mode.OK);
    }

    @AfterAll
    static void stopSimulators() {
        MINISTRY.close();
        SKILLS.close();
    }

    @Test
    void thisContextHasItsOwnDataDirectory() {
        assertThat(dataDir).isEqualTo(OWN_DATA_DIR.toString());
    }

    @Test
    void aFiledEventIsReportedSignedAndItsVerifiedReceiptIsStored() throws Exception {
        String caseId = acceptedCase();
        String filingNumber = nextFilingNumber();

        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, filingNumber));
        awaitStatus(queued, "DELIVERED");

        MinistrySimulator.Received received = MINISTRY.report(queued.reportId()).orElseThrow();
        assertThat(received.signerSerial()).as("the ministry verified the gateway's signature")
                .isEqualTo(gatewaySigner.certificateSerial());
        assertThat(received.bytes()).as("the bytes sent are the bytes stored and signed")
                .isEqualTo(payload(queued).getBytes(StandardCharsets.UTF_8));
        FilingReportType report = received.report();
        assertThat(report.getReportVersion()).isEqualTo(1);
        assertThat(report.getFilingNumber()).isEqualTo(filingNumber);
        assertThat(report.getEvent().value()).isEqualTo("FILED");
        assertThat(report.getInstitution().getName()).isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
        assertThat(report.getFilingAuthority().getName()).isEqualTo("成都市人力资源和社会保障局");
        assertThat(report.getFilingAuthority().getAreaCode()).isEqualTo("510100");
        assertThat(MINISTRY.arrivals(queued.reportId())).isEqualTo(1);

        List<MinistryReports.StoredReceipt> receipts = reports.receipts(caseId);
        assertThat(receipts).hasSize(1);
        MinistryReports.StoredReceipt receipt = receipts.get(0);
        assertThat(receipt.receiptId()).isEqualTo(MINISTRY.receipt(queued.reportId()).orElseThrow().getReceiptId());
        assertThat(receipt.status()).isEqualTo("ACCEPTED");
        assertThat(receipt.signerSerial()).isEqualTo(KEYS.ministry().certificateSerial());
        assertThat(receipt.signerSubject()).contains("MOHRSS");
        assertThat(xml.receipt(receipt.receiptXml().getBytes(StandardCharsets.UTF_8)).getReportId())
                .isEqualTo(queued.reportId());
        assertThat(history(caseId)).contains("ministry-report-queued", "ministry-reported");
        assertThat(jdbc.sql("SELECT message_ref FROM case_event WHERE case_id = ? AND event_type = 'ministry-reported'")
                .param(caseId).query(String.class).single()).isEqualTo("ministry " + queued.reportId());
    }

    @Test
    void theSameEventAgainIsTheReportAlreadyQueued() throws Exception {
        String caseId = acceptedCase();
        FilingEvent event = filed(caseId, nextFilingNumber());

        MinistryReports.QueuedReport first = reports.enqueue(event);
        MinistryReports.QueuedReport again = reports.enqueue(event);

        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbound_record WHERE case_id = ? AND target = 'MINISTRY'")
                .param(caseId).query(Integer.class).single()).isEqualTo(1);
        awaitStatus(first, "DELIVERED");
    }

    @Test
    void aMinistryDownThenBackGetsTheReportOnce() throws Exception {
        MINISTRY.mode(Mode.DOWN);
        MinistryReports.QueuedReport queued = reports.enqueue(filed(acceptedCase(), nextFilingNumber()));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) >= 3);
        assertThat(status(queued)).isEqualTo("PENDING");

        MINISTRY.mode(Mode.OK);

        awaitStatus(queued, "DELIVERED");
        assertThat(MINISTRY.arrivals(queued.reportId())).isEqualTo(1);
        assertThat(MINISTRY.reportIds()).containsOnlyOnce(queued.reportId());
    }

    @Test
    void soapFaultsAnd503sAreRiddenOut() throws Exception {
        MINISTRY.mode(Mode.FAULT);
        MinistryReports.QueuedReport queued = reports.enqueue(filed(acceptedCase(), nextFilingNumber()));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) >= 2);
        assertThat(lastError(queued)).contains("the ministry's service is unavailable (simulated)");

        MINISTRY.mode(Mode.FAIL_5XX);
        int before = attempts(queued);
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) > before + 1);
        assertThat(lastError(queued)).contains("503");

        MINISTRY.mode(Mode.OK);

        awaitStatus(queued, "DELIVERED");
        assertThat(MINISTRY.arrivals(queued.reportId())).isEqualTo(1);
    }

    @Test
    void aReceiptSignedByAnUntrustedKeyIsRefusedWithItsReasonAndChangesNothing() throws Exception {
        MINISTRY.mode(Mode.UNTRUSTED_SIGNER);
        String caseId = acceptedCase();
        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, nextFilingNumber()));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) >= 2);

        assertThat(lastError(queued)).contains("receipt signature rejected: UNKNOWN_CERTIFICATE")
                .contains(KEYS.untrusted().certificateSerial());
        assertThat(status(queued)).isEqualTo("PENDING");
        assertThat(reports.receipts(caseId)).isEmpty();
        assertThat(history(caseId)).doesNotContain("ministry-reported");

        MINISTRY.mode(Mode.OK);

        awaitStatus(queued, "DELIVERED");
        assertThat(reports.receipts(caseId)).singleElement().extracting(MinistryReports.StoredReceipt::receiptId)
                .as("the receipt of the first reception, now properly signed")
                .isEqualTo(MINISTRY.receipt(queued.reportId()).orElseThrow().getReceiptId());
        assertThat(MINISTRY.reportIds()).containsOnlyOnce(queued.reportId());
    }

    @Test
    void aReceiptSignedByAnotherTrustedPeerIsNotTheMinistrys() throws Exception {
        MINISTRY.mode(Mode.WRONG_SIGNER);
        String caseId = acceptedCase();
        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, nextFilingNumber()));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) >= 2);

        assertThat(lastError(queued)).contains("receipt signature rejected")
                .contains(KEYS.otherPeer().certificateSerial())
                .contains("not one of the ministry's");
        assertThat(status(queued)).isEqualTo("PENDING");
        assertThat(reports.receipts(caseId)).isEmpty();

        MINISTRY.mode(Mode.OK);
        awaitStatus(queued, "DELIVERED");
    }

    @Test
    void aTamperedReceiptIsRefused() throws Exception {
        MINISTRY.mode(Mode.TAMPER);
        String caseId = acceptedCase();
        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, nextFilingNumber()));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(queued) >= 2);

        assertThat(lastError(queued)).contains("receipt signature rejected: BAD_SIGNATURE");
        assertThat(status(queued)).isEqualTo("PENDING");
        assertThat(reports.receipts(caseId)).isEmpty();
        assertThat(history(caseId)).doesNotContain("ministry-reported");

        MINISTRY.mode(Mode.OK);
        awaitStatus(queued, "DELIVERED");
    }

    @Test
    void aRejectionParksTheReportWithTheMinistrysReasonAndItsSignedReceipt() throws Exception {
        MINISTRY.mode(Mode.REJECT);
        String caseId = acceptedCase();
        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, nextFilingNumber()));

        awaitStatus(queued, "PARKED");

        assertThat(lastError(queued)).contains("REJECTED by the ministry").contains("refused by the ministry's rules");
        assertThat(attempts(queued)).as("a rejection is not retried").isZero();
        assertThat(reports.receipts(caseId)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("REJECTED");
            assertThat(r.reason()).contains("报告不符合接收规则");
        });
        assertThat(history(caseId)).contains("ministry-report-parked").doesNotContain("ministry-reported");

        MINISTRY.mode(Mode.OK);
        assertThat(deliveries.replay(java.util.Optional.of(DeliveryTarget.MINISTRY),
                java.util.Optional.of(queued.recordId()), OutboundStatus.PARKED, "test-operator")).isEqualTo(1);

        awaitStatus(queued, "DELIVERED");
        assertThat(reports.receipts(caseId)).extracting(MinistryReports.StoredReceipt::status)
                .containsExactly("REJECTED", "ACCEPTED");
    }

    @Test
    void pastTheScheduleAReportIsDeadLetteredWithItsReasonAndCanBeReplayed() throws Exception {
        MINISTRY.mode(Mode.FAULT);
        String caseId = acceptedCase();
        MinistryReports.QueuedReport queued = reports.enqueue(filed(caseId, nextFilingNumber()));

        await().atMost(Duration.ofSeconds(90)).until(() -> status(queued), "DEAD"::equals);

        assertThat(lastError(queued)).contains("the ministry's service is unavailable (simulated)");
        jms.setReceiveTimeout(5000);
        Message dead = jms.receiveSelected(DeliveryTarget.MINISTRY.deadLetterQueue(),
                "deadLetterReason LIKE '%unavailable%'");
        assertThat(dead).isNotNull();
        assertThat(dead.getBody(String.class)).contains(queued.reportId());
        HttpResponse<String> listed = ops("GET", "/api/ops/v1/deliveries?status=DEAD&target=MINISTRY");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"recordId\":" + queued.recordId()).contains("\"target\":\"MINISTRY\"");

        MINISTRY.mode(Mode.OK);
        HttpResponse<String> replay = ops("POST", "/api/ops/v1/deliveries/" + queued.recordId() + "/replay?status=DEAD");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        awaitStatus(queued, "DELIVERED");
        assertThat(history(caseId)).containsSubsequence("ministry-report-dead", "ministry-report-replayed",
                "ministry-reported");
        assertThat(jdbc.sql("SELECT actor FROM case_event WHERE case_id = ? AND event_type = 'ministry-report-replayed'")
                .param(caseId).query(String.class).single()).isEqualTo("operator:" + OPERATOR);
        assertThat(MINISTRY.arrivals(queued.reportId())).isEqualTo(1);
    }

    @Test
    void aLaterReportOfTheSameCaseWaitsForTheEarlierOne() throws Exception {
        MINISTRY.mode(Mode.FAULT);
        String caseId = acceptedCase();
        String filingNumber = nextFilingNumber();
        MinistryReports.QueuedReport filed = reports.enqueue(filed(caseId, filingNumber));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(filed) >= 1);
        MinistryReports.QueuedReport revoked = reports.enqueue(new FilingEvent(caseId, FilingEvent.Kind.REVOKED,
                filingNumber, LocalDate.parse("2026-11-28")));
        assertThat(revoked.version()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> lastError(revoked).contains("earlier version"));

        MINISTRY.mode(Mode.OK);

        awaitStatus(filed, "DELIVERED");
        awaitStatus(revoked, "DELIVERED");
        assertThat(MINISTRY.reportIds()).containsSubsequence(filed.reportId(), revoked.reportId());
        assertThat(MINISTRY.report(revoked.reportId()).orElseThrow().report().getReportVersion()).isEqualTo(2);
    }

    @Test
    void aCancellationWithoutAFilingFormReportsTheInstitutionOfTheEarlierReport() throws Exception {
        String filingNumber = nextFilingNumber();
        registerInstitution(filingNumber, "510100");
        String cancellation = acceptedCase(cancellationCase(filingNumber));
        FilingEvent cancelled = new FilingEvent(cancellation, FilingEvent.Kind.CANCELLED, filingNumber,
                LocalDate.parse("2026-11-27"));

        assertThatThrownBy(() -> reports.enqueue(cancelled))
                .isInstanceOf(MinistryReportException.class)
                .hasMessageContaining("no earlier report names " + filingNumber);

        MinistryReports.QueuedReport filed = reports.enqueue(filed(acceptedCase(), filingNumber));
        awaitStatus(filed, "DELIVERED");
        MinistryReports.QueuedReport queued = reports.enqueue(cancelled);
        awaitStatus(queued, "DELIVERED");

        FilingReportType report = MINISTRY.report(queued.reportId()).orElseThrow().report();
        assertThat(report.getEvent().value()).isEqualTo("CANCELLED");
        assertThat(report.getInstitution().getName()).isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
        assertThat(report.getInstitution().getOccupations().getOccupation()).hasSize(2);
    }

    @Test
    void aCaseWithoutItsFilingAuthorityCannotBeReported() {
        assertThatThrownBy(() -> reports.enqueue(filed("no-such-case", nextFilingNumber())))
                .isInstanceOf(MinistryReportException.class).hasMessageContaining("no case no-such-case");
    }

    // ----- helpers -----

    private String acceptedCase() {
        return acceptedCase(validCase("SC-MIN-" + UUID.randomUUID()));
    }

    /**
     * Submits a case and waits until it is quiet: mapped (its filing authority decided) and delivered to the skills
     * simulator, as it is long before a decision is reported.
     */
    private String acceptedCase(ObjectNode filing) {
        String caseId = submitAccepted(filing);
        await().atMost(Duration.ofSeconds(30)).until(() -> history(caseId).contains("delivered"));
        return caseId;
    }

    private ObjectNode cancellationCase(String filingNumber) {
        ObjectNode node = validCase("SC-MIN-ZX-" + UUID.randomUUID());
        node.put("YWLX", "注销");
        node.put("BAH", filingNumber);
        node.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        node.remove("BAB");
        return node;
    }

    private static FilingEvent filed(String caseId, String filingNumber) {
        return new FilingEvent(caseId, FilingEvent.Kind.FILED, filingNumber, LocalDate.parse("2026-11-27"));
    }

    private static String nextFilingNumber() {
        return String.format("Y000051%06d", 900000 + FILING_NUMBERS.getAndIncrement());
    }

    private String status(MinistryReports.QueuedReport r) {
        return column(r, "status");
    }

    private String lastError(MinistryReports.QueuedReport r) {
        String error = column(r, "last_error");
        return error == null ? "" : error;
    }

    private int attempts(MinistryReports.QueuedReport r) {
        return Integer.parseInt(column(r, "attempts"));
    }

    private String payload(MinistryReports.QueuedReport r) {
        return column(r, "payload");
    }

    private String column(MinistryReports.QueuedReport r, String column) {
        return jdbc.sql("SELECT " + column + " FROM outbound_record WHERE record_id = ?").param(r.recordId())
                .query((rs, i) -> java.util.Optional.ofNullable(rs.getString(1))).single().orElse(null);
    }

    private void awaitStatus(MinistryReports.QueuedReport r, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(r), expected::equals);
    }

    private HttpResponse<String> ops(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", operatorAuth())
                .build();
        return client().send(request);
    }
}
