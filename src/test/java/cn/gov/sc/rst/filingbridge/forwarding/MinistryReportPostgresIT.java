package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.intake.IntakeService;
import cn.gov.sc.rst.filingbridge.reporting.FilingEvent;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.Gateway;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ministry report on PostgreSQL: V3 migrated by Flyway, a filed event and a cancellation (whose institution comes
 * from the earlier report, FETCH FIRST) stored, sent, their verified receipts stored (DATE and TIMESTAMP WITH TIME ZONE
 * columns), and the operators' listing with and without its target filter.
 */
class MinistryReportPostgresIT {

    @TempDir
    static Path dataDir;

    static TestPostgres postgres;
    static SkillsSimulator skills;
    static MinistrySimulator ministry;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        skills = Peers.skills();
        ministry = Peers.ministry(Clock.systemUTC());
        app = postgres.startGateway(dataDir, Map.of(
                "bridge.skills.base-url", skills.baseUrl(),
                "bridge.ministry.address", ministry.address()));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            ministry.close();
            skills.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void aFiledAndACancelledEventAreReportedAndTheirReceiptsStoredInPostgres() throws Exception {
        MinistryReports reports = app.getBean(MinistryReports.class);
        String filingNumber = "Y000051000777";
        String filedCase = quietCase(Gateway.fixtureCase(app));
        cn.gov.sc.rst.filingbridge.testsupport.Institutions.register(app.getBean(JdbcClient.class), filingNumber,
                cn.gov.sc.rst.filingbridge.testsupport.Institutions.CHENGDU);
        String cancelledCase = quietCase(cancellation(filingNumber));

        MinistryReports.QueuedReport filed = reports.enqueue(new FilingEvent(filedCase, FilingEvent.Kind.FILED,
                filingNumber, LocalDate.parse("2026-11-27")));
        awaitDelivered(filed);
        MinistryReports.QueuedReport cancelled = reports.enqueue(new FilingEvent(cancelledCase,
                FilingEvent.Kind.CANCELLED, filingNumber, LocalDate.parse("2026-11-28")));
        awaitDelivered(cancelled);

        assertThat(ministry.report(cancelled.reportId()).orElseThrow().report().getInstitution().getName())
                .isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
        JdbcClient pg = JdbcClient.create(postgres.superuserDataSource());
        assertThat(pg.sql("SELECT event_date FROM ministry_report WHERE report_id = :id").param("id",
                cancelled.reportId()).query(LocalDate.class).single()).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(pg.sql("SELECT COUNT(*) FROM ministry_receipt WHERE receipt_status = 'ACCEPTED'")
                .query(Long.class).single()).isEqualTo(2L);
        assertThat(reports.receipts(filedCase)).singleElement()
                .satisfies(r -> assertThat(r.receivedAt()).isNotNull());
        Deliveries deliveries = app.getBean(Deliveries.class);
        assertThat(deliveries.records(Optional.of(DeliveryTarget.MINISTRY), OutboundStatus.DELIVERED)).hasSize(2);
        assertThat(deliveries.records(Optional.empty(), OutboundStatus.DELIVERED))
                .extracting(Deliveries.RecordView::target).contains("SKILLS", "MINISTRY");
    }

    /** Submits a case and waits until it is mapped and delivered to the skills simulator. */
    private static String quietCase(FilingCase filingCase) throws Exception {
        String caseId = app.getBean(IntakeService.class).submit(filingCase, Gateway.restSubmission("it-platform"))
                .caseId();
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM case_event WHERE case_id = :id AND event_type = 'delivered'")
                .param("id", caseId).query(Integer.class).single() == 1);
        return caseId;
    }

    private static FilingCase cancellation(String filingNumber) throws Exception {
        ObjectMapper json = app.getBean(ObjectMapper.class);
        ObjectNode node = (ObjectNode) json.readTree(Gateway.fixtureBytes());
        node.put("SBLSH", "SC20261127000002");
        node.put("YWLX", "注销");
        node.put("BAH", filingNumber);
        node.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        node.remove("BAB");
        return json.treeToValue(node, FilingCase.class);
    }

    private static void awaitDelivered(MinistryReports.QueuedReport report) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT status FROM outbound_record WHERE record_id = :id").param("id", report.recordId())
                .query(String.class).single(), "DELIVERED"::equals);
    }
}
