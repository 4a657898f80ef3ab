package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.events.SupplementNoticeSent;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import cn.gov.sc.rst.filingbridge.intake.WindowClient;
import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator.Mode;
import cn.gov.sc.rst.filingbridge.testsupport.CompetentAuthority;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform hears about each case from the gateway, signed, once per message: acceptance (SLZTDM 1), the one-time
 * supplement notice with every material and its SMS (whose sentAt starts the supplement clock), completion (BJJGDM with
 * the result notice); through 503s, 4xx parking and replay, answers without a sentAt. The simulator's clock runs two
 * minutes ahead of the gateway's, so the SMS time is its own. The retry schedule is compressed as in SkillsDeliveryIT.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(PlatformDeliveryIT.PlatformSide.class)
class PlatformDeliveryIT extends WindowTestSupport {

    static final OffsetDateTime SMS_SENT = OffsetDateTime.parse("2026-11-27T10:02:00+08:00");
    static final PlatformSimulator SIMULATOR = Peers.platform(Clock.fixed(SMS_SENT.toInstant(),
            ZoneId.of("Asia/Shanghai")));
    static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-platform-it-");

    @Autowired
    MessageVerifier verifier;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PlatformSide platformSide;
    @Autowired
    PlatformDelivery delivery;

    /** What the platform side observes of the gateway's own events. */
    @TestConfiguration
    static class PlatformSide {

        final List<SupplementNoticeSent> noticesSent = new CopyOnWriteArrayList<>();

        @EventListener
        void noticeSent(SupplementNoticeSent sent) {
            noticesSent.add(sent);
        }

    }

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.platform.base-url", SIMULATOR::baseUrl);
        Peers.compressedRetries(registry);
    }

    @BeforeEach
    void platformChecksSignaturesAndKnowsTheWindow() {
        SIMULATOR.requireSignatures((body, header) -> verifier.verify(body, DetachedSignature.fromHeaders(header)).subject());
        SIMULATOR.window("http://localhost:" + port, WindowClient.APP_ID, WindowClient.SECRET);
    }

    @AfterEach
    void platformBackToNormal() throws IOException {
        SIMULATOR.mode(Mode.OK);
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    private Submitted submit() {
        return submitValidCase("SC-PLT-");
    }

    private String status(String caseId, int version) {
        return column("status", caseId, version, "NONE");
    }

    private int attempts(String caseId, int version) {
        return Integer.parseInt(column("attempts", caseId, version, "0"));
    }

    private String lastError(String caseId, int version) {
        return column("last_error", caseId, version, "");
    }

    private String column(String column, String caseId, int version, String otherwise) {
        return jdbc.sql("SELECT " + column + " FROM outbound_record WHERE case_id = ? AND target = 'PLATFORM'"
                        + " AND record_version = ?").params(caseId, version)
                .query((rs, i) -> rs.getString(1)).optional().map(v -> v == null ? otherwise : v).orElse(otherwise);
    }

    private void awaitStatus(String caseId, int version, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(caseId, version), expected::equals);
    }

    /**
     * Waits until the platform has had {@code posts} SMS requests (version 3) of case {@code c}. Attempts alone do not
     * say that: while the notice (version 2) is still on its way the SMS waits its turn, and each wait counts as an
     * attempt. An SMS request goes out only once the notice is delivered, and the next one only after the answer to the
     * one before has been judged.
     */
    private void awaitSmsPosts(Submitted c, int posts) {
        await().atMost(Duration.ofSeconds(30)).until(() -> SIMULATOR.postCount(c.caseId() + ":platform:3") >= posts);
    }

    private List<String> events(String caseId, String type) {
        return jdbc.sql("SELECT reason FROM case_event WHERE case_id = ? AND event_type = ? ORDER BY seq")
                .params(caseId, type).query(String.class).list();
    }

    private long platformRecords(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbound_record WHERE case_id = ? AND target = 'PLATFORM'").param(caseId)
                .query(Long.class).single();
    }

    /**
     * What the competent authority decides once the mapping has determined it: the SMS of the one-time notice is sent
     * in its name, so a supplement is only ever requested after that (the platform's acknowledgement may come first).
     */
    private SupplementRequested supplementOf(Submitted c) {
        CompetentAuthority.of(jdbc, c.sblsh());
        return new SupplementRequested(c.caseId(), c.sblsh(), "材料不齐全，请一次性补正", List.of(
                new SupplementRequested.Material("GZZD", "规章制度（附件6）", "缺少考务管理制度"),
                new SupplementRequested.Material("AQXF-YJYA", "安全、消防应急预案", "未加盖公章")),
                5, "G", "13812345678", OffsetDateTime.parse("2026-11-27T10:00:00+08:00"));
    }

    private void publish(Object event) {
        tx.executeWithoutResult(s -> events.publishEvent(event));
    }

    private HttpResponse<String> ops(String method, String path) {
        return client().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", operatorAuth())
                .build());
    }

    @Test
    void anAcceptedCaseIsAcknowledgedToThePlatformSignedAndOnce() {
        Submitted c = submit();

        awaitStatus(c.caseId(), 1, "DELIVERED");

        List<JsonNode> feedback = SIMULATOR.feedback(c.sblsh());
        assertThat(feedback).hasSize(1);
        assertThat(feedback.get(0).get("feedbackType").asText()).isEqualTo("SLZTDM");
        assertThat(feedback.get(0).get("SLZTDM").asText()).isEqualTo("1");
        assertThat(feedback.get(0).get("SLSJ").asText()).isEqualTo("2026-11-27T10:00:00+08:00");
        assertThat(SIMULATOR.signerOf(c.caseId() + ":platform:1")).as("SM2 signature verified by the platform")
                .contains("CN=");
        assertThat(events(c.caseId(), "platform-notified")).singleElement().asString().contains("SLZTDM");
    }

    @Test
    void theOneTimeNoticeGoesOutWithEveryMaterialAndItsSmsStartsTheClock(CapturedOutput output) {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");

        publish(supplementOf(c));

        awaitStatus(c.caseId(), 3, "DELIVERED");
        JsonNode notice = SIMULATOR.feedback(c.sblsh()).get(1).get("SPBUZHENGGAOZHI");
        assertThat(notice.get("BZCLQD")).hasSize(2);
        assertThat(notice.at("/BZCLQD/0/CLBM").asText()).isEqualTo("GZZD");
        assertThat(notice.at("/BZCLQD/1/BZYQ").asText()).isEqualTo("未加盖公章");
        assertThat(notice.get("BZSX").asInt()).isEqualTo(5);
        assertThat(notice.get("BZSXDW").asText()).isEqualTo("G");
        assertThat(notice.get("GZSJ").asText()).isEqualTo("2026-11-27T10:00:00+08:00");
        JsonNode sms = SIMULATOR.smsRequests(c.sblsh()).get(0);
        assertThat(sms.get("LXRSJ").asText()).isEqualTo("13812345678");
        assertThat(sms.get("text").asText()).contains("规章制度（附件6）").contains("安全、消防应急预案").contains("5 个工作日");
        assertThat(events(c.caseId(), "sms-sent")).singleElement().asString().contains("2026-11-27T10:02:00+08:00");
        assertThat(jdbc.sql("SELECT sms_sent_at FROM platform_message WHERE case_id = ? AND message_kind = 'SMS'")
                .param(c.caseId()).query(OffsetDateTime.class).single()).isEqualTo(SMS_SENT);
        assertThat(platformSide.noticesSent).contains(new SupplementNoticeSent(c.caseId(), SMS_SENT));
        assertThat(output.getAll()).as("the contact mobile is masked in every log line")
                .contains("138****5678").doesNotContain("13812345678");

        publish(supplementOf(c));
        assertThat(platformRecords(c.caseId())).as("the same request again queues nothing").isEqualTo(3);
    }

    @Test
    void anSmsAnswerWithoutSentAtIsRetriedUntilThePlatformSaysWhenItWent() throws IOException {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");
        SIMULATOR.mode(Mode.NO_SENT_AT);

        publish(supplementOf(c));

        awaitSmsPosts(c, 2);
        assertThat(lastError(c.caseId(), 3)).contains("without a readable sentAt");
        assertThat(status(c.caseId(), 2)).as("the notice itself was taken").isEqualTo("DELIVERED");
        assertThat(events(c.caseId(), "sms-sent")).isEmpty();
        assertThat(platformSide.noticesSent).noneMatch(n -> n.caseId().equals(c.caseId()));

        SIMULATOR.mode(Mode.OK);

        awaitStatus(c.caseId(), 3, "DELIVERED");
        assertThat(events(c.caseId(), "sms-sent")).hasSize(1);
        assertThat(platformSide.noticesSent).filteredOn(n -> n.caseId().equals(c.caseId())).hasSize(1);
    }

    @Test
    void anSmsAnswerWhoseSentAtIsBeforeTheRequestOrBeyondTheToleranceIsNotBelievedAndRetried() throws IOException {
        for (Mode wrong : List.of(Mode.SENT_AT_EARLY, Mode.SENT_AT_LATE)) {
            Submitted c = submit();
            awaitStatus(c.caseId(), 1, "DELIVERED");
            SIMULATOR.mode(wrong);

            publish(supplementOf(c));

            awaitSmsPosts(c, 2);
            assertThat(lastError(c.caseId(), 3)).as(wrong.name()).contains("not believed")
                    .contains(wrong == Mode.SENT_AT_EARLY ? "before the request was sent" : "timestamp tolerance");
            assertThat(events(c.caseId(), "sms-sent")).isEmpty();
            assertThat(platformSide.noticesSent).noneMatch(n -> n.caseId().equals(c.caseId()));

            SIMULATOR.mode(Mode.OK);

            awaitStatus(c.caseId(), 3, "DELIVERED");
            assertThat(jdbc.sql("SELECT sms_sent_at FROM platform_message WHERE case_id = ? AND message_kind = 'SMS'")
                    .param(c.caseId()).query(OffsetDateTime.class).single()).isEqualTo(SMS_SENT);
        }
    }

    /**
     * A case whose one-time notice SMS (record version 3) is tried while the platform is down, its record then dated as
     * queued at {@code queued}; the simulator is left DOWN.
     */
    private Submitted smsQueuedAt(OffsetDateTime queued) throws IOException {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");
        SIMULATOR.mode(Mode.DOWN);
        publish(supplementOf(c));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(c.caseId(), 3) >= 1);
        jdbc.sql("UPDATE outbound_record SET created_at = ? WHERE case_id = ? AND target = 'PLATFORM' AND "
                + "record_version = 3").param(queued).param(c.caseId()).update();
        return c;
    }

    /**
     * A platform whose clock runs a few seconds behind the gateway's says the SMS went out before the gateway queued
     * the request: believed within the timestamp tolerance (its answer to the key never changes, so a refusal would be
     * for good), and the supplement window starts when the request was queued, never earlier.
     */
    @Test
    void aPlatformClockSecondsBehindIsBelievedAndTheWindowStartsWhenTheRequestWasQueued() throws IOException {
        OffsetDateTime queued = SMS_SENT.plusSeconds(10);
        Submitted c = smsQueuedAt(queued);

        SIMULATOR.mode(Mode.OK);

        awaitStatus(c.caseId(), 3, "DELIVERED");
        assertThat(jdbc.sql("SELECT sms_sent_at FROM platform_message WHERE case_id = ? AND message_kind = 'SMS'")
                .param(c.caseId()).query(OffsetDateTime.class).single()).as("as the platform said")
                .isEqualTo(SMS_SENT);
        assertThat(platformSide.noticesSent).filteredOn(n -> n.caseId().equals(c.caseId())).singleElement()
                .satisfies(n -> assertThat(n.sentAt().toInstant()).isEqualTo(queued.toInstant()));
    }

    /**
     * The SMS went out on an earlier attempt whose answer was lost; a later attempt gets the platform's first sentAt,
     * earlier than that attempt but not than the request: believed.
     */
    @Test
    void anSmsSentOnAnEarlierAttemptIsBelievedOnALaterOne() throws IOException {
        // queued two hours ago and retried since; the platform says it sent the SMS an hour ago
        Submitted c = smsQueuedAt(SMS_SENT.minusHours(2));

        SIMULATOR.mode(Mode.SENT_AT_EARLY);

        awaitStatus(c.caseId(), 3, "DELIVERED");
        assertThat(jdbc.sql("SELECT sms_sent_at FROM platform_message WHERE case_id = ? AND message_kind = 'SMS'")
                .param(c.caseId()).query(OffsetDateTime.class).single()).isEqualTo(SMS_SENT.minusHours(1));
        assertThat(events(c.caseId(), "sms-sent")).hasSize(1);
    }

    @Test
    void anUnauthenticatedAnswerIsNotBelievedAndRetriedUntilThePlatformSignsIt() throws IOException {
        for (Mode wrong : List.of(Mode.UNSIGNED, Mode.BAD_SIGNATURE)) {
            SIMULATOR.mode(wrong);
            Submitted c = submit();

            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(c.caseId(), 1) >= 2);
            assertThat(lastError(c.caseId(), 1)).as(wrong.name()).contains("not believed")
                    .contains(wrong == Mode.UNSIGNED ? "not authenticated" : "X-App-Signature does not match");
            assertThat(status(c.caseId(), 1)).isEqualTo("PENDING");

            SIMULATOR.mode(Mode.OK);

            awaitStatus(c.caseId(), 1, "DELIVERED");
        }
    }

    @Test
    void anSmsRefusalThatEchoesTheMobileIsParkedWithTheMobileMasked(CapturedOutput output) throws IOException {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");
        SIMULATOR.mode(Mode.SMS_UNDELIVERABLE);

        publish(supplementOf(c));

        awaitStatus(c.caseId(), 3, "PARKED");
        assertThat(lastError(c.caseId(), 3)).contains("HTTP 422").contains("138****5678").doesNotContain("13812345678");
        HttpResponse<String> listed = ops("GET", "/api/ops/v1/deliveries?status=PARKED&target=PLATFORM");
        assertThat(listed.body()).contains(c.caseId()).doesNotContain("13812345678");
        assertThat(output.getAll()).doesNotContain("13812345678");
        assertThat(events(c.caseId(), "sms-sent")).isEmpty();
    }

    @Test
    void aStormOf503sIsRiddenOutAndThePlatformGetsTheFeedbackOnce() throws IOException {
        SIMULATOR.mode(Mode.FAIL_5XX);
        Submitted c = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(c.caseId(), 1) >= 3);
        assertThat(lastError(c.caseId(), 1)).contains("HTTP 503");

        SIMULATOR.mode(Mode.OK);

        awaitStatus(c.caseId(), 1, "DELIVERED");
        String key = c.caseId() + ":platform:1";
        assertThat(SIMULATOR.keys()).filteredOn(key::equals).hasSize(1);
        assertThat(SIMULATOR.feedback(c.sblsh())).hasSize(1);
        // (a POST counted while the mode was still FAIL_5XX may be answered under OK: count by key, not before/after)
        assertThat(SIMULATOR.postCount(key)).as("three or more 503s, then the accepted POST").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRefusalIsParkedListedForOperatorsAndReplayed() throws IOException {
        SIMULATOR.mode(Mode.REJECT_422);
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "PARKED");
        assertThat(lastError(c.caseId(), 1)).contains("HTTP 422").contains("feedback refused by the platform");
        assertThat(attempts(c.caseId(), 1)).as("a 4xx is not retried").isZero();
        HttpResponse<String> listed = ops("GET", "/api/ops/v1/deliveries?status=PARKED&target=PLATFORM");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(c.caseId()).contains("HTTP 422").contains("PLATFORM");
        long recordId = delivery.records(OutboundStatus.PARKED).stream().filter(r -> r.caseId().equals(c.caseId())).findFirst()
                .orElseThrow().recordId();

        SIMULATOR.mode(Mode.OK);
        HttpResponse<String> replay = ops("POST", "/api/ops/v1/deliveries/" + recordId + "/replay?status=PARKED");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        awaitStatus(c.caseId(), 1, "DELIVERED");
        assertThat(events(c.caseId(), "platform-feedback-replayed")).hasSize(1);
        assertThat(SIMULATOR.feedback(c.sblsh())).hasSize(1);
    }

    @Test
    void aCompletedCaseIsToldWithItsResultCodeAndTheSignedResultNotice() {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");

        publish(new CaseCompleted(c.caseId(), c.sblsh(), CaseType.NEW_FILING, CaseCompleted.FILED, "成都市示范职业技术学校",
                "成都市人力资源和社会保障局", LocalDate.of(2026, 12, 10), OffsetDateTime.parse("2026-12-10T15:30:00+08:00"),
                "Y000051010001", LocalDate.of(2026, 12, 10), LocalDate.of(2031, 12, 9), "https://rst.sc.gov.cn", null, null));

        awaitStatus(c.caseId(), 2, "DELIVERED");
        JsonNode completion = SIMULATOR.feedback(c.sblsh()).get(1);
        assertThat(completion.get("BJJGDM").asText()).isEqualTo("6");
        assertThat(completion.get("BJSJ").asText()).isEqualTo("2026-12-10T15:30:00+08:00");
        assertThat(completion.get("BAH").asText()).isEqualTo("Y000051010001");
        JsonNode notice = SIMULATOR.notices(c.sblsh()).get(0);
        assertThat(notice.get("style").asText()).isEqualTo("样式（一）");
        assertThat(notice.get("text").asText()).startsWith("职业技能考核鉴定机构设立备案办理结果告知书")
                .contains("成都市示范职业技术学校：", "经审查，你单位符合职业技能考核鉴定机构备案设立条件并已备案。",
                        "备案结果公布于https://rst.sc.gov.cn上。", "2026年12月10日");
        assertThat(new String(Base64.getDecoder().decode(notice.get("pdfBase64").asText()), StandardCharsets.UTF_8))
                .startsWith("%PDF");
        assertThat(notice.at("/textSignature/alg").asText()).isNotBlank();
        assertThat(notice.at("/pdfSignature/value").asText()).isNotBlank();
    }

    @Test
    void thePlatformCanPushTheSupplementItWasAskedFor() {
        Submitted c = submit();
        awaitStatus(c.caseId(), 1, "DELIVERED");
        publish(supplementOf(c));
        awaitStatus(c.caseId(), 2, "DELIVERED");

        PlatformSimulator.Pushed pushed = SIMULATOR.pushSupplement(c.sblsh(), new PlatformSimulator.Applicant(
                "成都市示范职业技术学校", "12510000450716123C", "王小红", "13812345678", "510104"));

        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        String supplementCase = jdbc.sql("SELECT case_id FROM filing_case WHERE sblsh = ? AND case_type = '补正'"
                + " AND related_sblsh = ?").params(pushed.sblsh(), c.sblsh()).query(String.class).single();
        awaitStatus(supplementCase, 1, "DELIVERED");
        assertThat(SIMULATOR.feedback(pushed.sblsh())).singleElement()
                .satisfies(f -> assertThat(f.get("SLZTDM").asText()).as("a 补正 is acknowledged too").isEqualTo("1"));
    }
}
