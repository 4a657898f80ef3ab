package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.cases.CaseWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.Application;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.events.SupplementNoticeSent;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.MutableClock;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The case workflow end to end, on the database each subclass configures (with its own data directory): cases come in through the window, are delivered to the skills-system simulator
 * (FORWARDED), and move on with signed decisions posted to {@code /api/skills/v1/decisions}, the platform's SMS
 * confirmation and 补正 cases; the sweep is run directly with a clock the test moves (2026-11-27 10:00 in Sichuan).
 */
@SpringBootTest(classes = {Application.class, WorkflowContract.Beans.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // as WindowTestSupport's (this annotation replaces its own). No platform here, not even the shared sink: its
        // answer to the SMS request would confirm the one-time notice by itself, racing the SMS times these tests set.
        properties = "camel.main.shutdown-timeout=5")
abstract class WorkflowContract extends WindowTestSupport {

    static final SkillsSimulator SKILLS = Peers.skills();
    static final MinistrySimulator MINISTRY = Peers.ministry(java.time.Clock.systemUTC());
    static final MessageSigner SKILLS_SIGNER = signer("skills");
    static final MessageSigner GATEWAY_SIGNER = signer("gateway");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestConfiguration
    static class Beans {
        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(NOW, ZoneId.of("Asia/Shanghai"));
        }

        @Bean
        Published published() {
            return new Published();
        }
    }

    /** What the workflow published for the platform feedback. */
    static class Published {
        final List<CaseCompleted> completed = new CopyOnWriteArrayList<>();
        final List<SupplementRequested> supplements = new CopyOnWriteArrayList<>();
        /** Cases whose completion fails as a notice that cannot be made would: the listener throws. */
        final java.util.Set<String> failOn = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @EventListener
        void on(CaseCompleted e) {
            if (failOn.contains(e.caseId())) {
                throw new IllegalStateException("test: the completion of " + e.caseId() + " fails");
            }
            completed.add(e);
        }

        @EventListener
        void on(SupplementRequested e) {
            supplements.add(e);
        }

        List<CaseCompleted> completed(String caseId) {
            return completed.stream().filter(e -> e.caseId().equals(caseId)).toList();
        }
    }

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.skills.base-url", SKILLS::baseUrl);
        registry.add("bridge.ministry.address", MINISTRY::address);
        registry.add("bridge.directory.public-url", () -> "https://rst.sc.gov.cn/directory");
        registry.add("bridge.calendar.dir", CALENDAR_DIR::toString);
        registry.add("bridge.calendar.check-interval", () -> "1h");
        // 绵阳 (510700) set shorter limits of its own (三(二)); 成都 keeps the province's
        registry.add("bridge.workflow.limits.510700.completeness-check", () -> "4");
        registry.add("bridge.workflow.limits.510700.supplement", () -> "3");
        registry.add("bridge.workflow.limits.510700.filing", () -> "10");
    }

    static final Path CALENDAR_DIR = cn.gov.sc.rst.filingbridge.testsupport.DataDirs.fresh("bridge-workflow-calendar-");

    @Autowired
    MutableClock movable;
    @Autowired
    Published published;
    @Autowired
    DeadlineSweep sweep;
    @Autowired
    CaseWorkflow workflow;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    cn.gov.sc.rst.filingbridge.console.ConsoleReadModel console;

    @org.springframework.beans.factory.annotation.Value("${bridge.data-dir}")
    String dataDir;

    /** The data directory a subclass registers for its own context. */
    abstract Path ownDataDir();

    /** A query for how many database sessions now wait for a lock another holds. */
    abstract String lockWaitsQuery();

    @Test
    void thisContextHasItsOwnDataDirectory() {
        assertThat(dataDir).isEqualTo(ownDataDir().toString());
    }

    // ---------------------------------------------------------------- the procedure

    @Test
    void aNewFilingIsReviewedFiledRegisteredReportedAndCompleted() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        assertThat(clock(sblsh, "COMPLETENESS").get("dueDate").asText()).as("Fri 27 Nov + 5 = Fri 4 Dec")
                .isEqualTo("2026-12-04");
        assertThat(clock(sblsh, "COMPLETENESS").get("remainingWorkingDays").asInt()).isEqualTo(5);

        HttpResponse<String> complete = postDecision(decision(sblsh, "MATERIALS_COMPLETE"));

        assertThat(complete.statusCode()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
        assertThat(clock(sblsh, "COMPLETENESS").get("stoppedAt").isNull()).isFalse();
        assertThat(clock(sblsh, "FILING").get("dueDate").asText()).as("15 working days from 27 Nov")
                .isEqualTo("2026-12-18");

        String number = filingNumber();
        HttpResponse<String> unevaluated = postDecision(filedDecision(sblsh, number, "2031-11-26"));
        assertThat(unevaluated.statusCode()).as("no 现场技术评估 yet").isEqualTo(409);
        assertThat(unevaluated.body()).contains("现场技术评估").contains("SITE_EVALUATION");
        assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
        Map<String, Object> ahead = evaluation(sblsh, true);
        ((Map<String, Object>) ahead.get("evaluation")).put("date", "2027-01-05");
        HttpResponse<String> future = postDecision(ahead);
        assertThat(future.statusCode()).as("an evaluation dated after its decision").isEqualTo(422);
        assertThat(future.body()).contains("evaluation.date").contains("evaluation-after-decision");
        Map<String, Object> before = evaluation(sblsh, true);
        ((Map<String, Object>) before.get("evaluation")).put("date", "2019-01-01");
        HttpResponse<String> old = postDecision(before);
        assertThat(old.statusCode()).as("an evaluation before the case was received").isEqualTo(409);
        assertThat(old.body()).contains("evaluation.date");
        Map<String, Object> nameless = evaluation(sblsh, true);
        ((Map<String, Object>) nameless.get("evaluation")).put("evaluators", List.of(" "));
        assertThat(postDecision(nameless).statusCode()).as("an evaluator without a name").isEqualTo(409);
        assertThat(postDecision(filedDecision(sblsh, number, "2031-11-26")).statusCode())
                .as("still no passed evaluation").isEqualTo(409);
        assertThat(postDecision(evaluation(sblsh, true)).statusCode()).isEqualTo(200);
        assertThat(history(caseId)).contains("site-evaluation-passed");
        HttpResponse<String> backwards = postDecision(filedDecision(sblsh, number, "2026-11-01"));
        assertThat(backwards.statusCode()).as("validTo before validFrom").isEqualTo(422);
        assertThat(json.readTree(backwards.body()).get("errors").get(0).get("field").asText()).isEqualTo("validTo");
        HttpResponse<String> answer = postDecision(filedDecision(sblsh, number, "2031-11-26"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("state").asText()).isEqualTo("FILED");
        assertThat(state(caseId)).isEqualTo("FILED");
        Map<String, Object> row = jdbc.sql("SELECT * FROM institution WHERE filing_number = ?").param(number)
                .query().singleRow();
        assertThat(row).containsEntry("NAME", "成都市示范职业技术学校职业技能考核鉴定所")
                .containsEntry("DIRECTOR_NAME", "张明").containsEntry("STATUS", "FILED")
                .containsEntry("CREDIT_CODE", validCase("x").get("BAB").get("applicant").get("creditCode").asText());
        assertThat(row.values().toString()).as("no personal phone in the register").doesNotContain("13900001111");
        assertThat(events(number)).containsExactly("FILED");
        assertThat(ministryReports(caseId)).containsExactly("FILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT status FROM outbound_record WHERE case_id = ? AND target = 'MINISTRY'").param(caseId)
                .query(String.class).single(), "DELIVERED"::equals);
        List<CaseCompleted> done = published.completed(caseId);
        assertThat(done).hasSize(1);
        assertThat(done.get(0).bjjgdm()).isEqualTo("6");
        assertThat(done.get(0).filingNumber()).isEqualTo(number);
        assertThat(done.get(0).applicantName()).isEqualTo("成都市示范职业技术学校");
        assertThat(done.get(0).authorityName()).isNotBlank();
        assertThat(done.get(0).publishedAt()).isEqualTo("https://rst.sc.gov.cn/directory");
        assertThat(done.get(0).validTo()).isEqualTo(LocalDate.parse("2031-11-26"));
        assertThat(clocks(sblsh)).allSatisfy(c -> assertThat(c.get("stoppedAt").isNull()).isFalse());
    }

    @Test
    void decisionsAreIdempotentPerIdAndAConflictingBodyIs409() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        Map<String, Object> complete = decision(sblsh, "MATERIALS_COMPLETE");

        HttpResponse<String> first = postDecision(complete);
        HttpResponse<String> again = postDecision(complete);
        complete.put("authority", "另一个部门");
        HttpResponse<String> conflicting = postDecision(complete);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body())).isEqualTo(json.readTree(first.body()));
        assertThat(conflicting.statusCode()).isEqualTo(409);
        assertThat(conflicting.body()).contains("decision-id-spent");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM skills_decision WHERE case_id = ?").param(caseId)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(history(caseId)).containsOnlyOnce("materials-complete");
    }

    @Test
    void aDecisionWhoseSblshIsNotLettersDigitsDashOrUnderscoreIs400SblshFormatAndRecorded() throws Exception {
        long refusalsBefore = refusals();
        Map<String, Object> injected = decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE");
        injected.put("SBLSH", "x' OR '1'='1");
        Map<String, Object> forgedLogLine = decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE");
        forgedLogLine.put("SBLSH", "SC1\n2026-11-27 ERROR forged");
        Map<String, Object> tooLong = decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE");
        tooLong.put("SBLSH", "SC" + "x".repeat(63));

        for (Map<String, Object> decision : List.of(injected, forgedLogLine, tooLong)) {
            HttpResponse<String> answer = postDecision(decision);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            JsonNode error = json.readTree(answer.body()).get("errors").get(0);
            assertThat(error.get("field").asText()).isEqualTo("$.SBLSH");
            assertThat(error.get("rule").asText()).isEqualTo("sblsh-format");
            assertThat(error.get("messageZh").asText()).contains("字母、数字");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM decision_claim WHERE decision_id = ?")
                    .param(decision.get("decisionId")).query(Integer.class).single()).isZero();
        }
        assertThat(refusals()).isEqualTo(refusalsBefore + 3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE channel = 'SKILLS' AND sblsh LIKE 'x''%'")
                .query(Integer.class).single()).as("a malformed SBLSH is not recorded as a key").isZero();
    }

    @Test
    void aDecisionTakenLongBeforeItsReceiptOrInTheFutureIs422NamingDecidedAtAndItsIdIsSpent() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        OffsetDateTime now = OffsetDateTime.ofInstant(movable.instant(), ZoneId.of("Asia/Shanghai"));
        long refusalsBefore = refusals();
        Map<String, Object> old = decision(sblsh, "MATERIALS_COMPLETE");
        old.put("decidedAt", iso(now.minusDays(3).minusMinutes(6)));
        Map<String, Object> future = decision(sblsh, "MATERIALS_COMPLETE");
        future.put("decidedAt", iso(now.plusMinutes(6)));

        HttpResponse<String> tooOld = postDecision(old);
        HttpResponse<String> inTheFuture = postDecision(future);
        HttpResponse<String> oldAgain = postDecision(old);
        old.put("decidedAt", iso(now));
        HttpResponse<String> oldCorrected = postDecision(old);

        assertThat(tooOld.statusCode()).as(tooOld.body()).isEqualTo(422);
        assertThat(json.readTree(tooOld.body()).get("errors").get(0).get("field").asText()).isEqualTo("decidedAt");
        assertThat(json.readTree(tooOld.body()).get("errors").get(0).get("rule").asText())
                .as("each entry names its rule, as the window's do").isEqualTo("decided-at-out-of-window");
        assertThat(tooOld.body()).contains("decided-at-out-of-window").contains("bridge.workflow.decision-max-age");
        assertThat(inTheFuture.statusCode()).as(inTheFuture.body()).isEqualTo(422);
        assertThat(json.readTree(inTheFuture.body()).get("errors").get(0).get("field").asText())
                .isEqualTo("decidedAt");
        // the refused decision is not replayed under its id: the same body gets the stored 422, another body 409
        assertThat(oldAgain.statusCode()).isEqualTo(422);
        assertThat(json.readTree(oldAgain.body())).isEqualTo(json.readTree(tooOld.body()));
        assertThat(oldCorrected.statusCode()).as(oldCorrected.body()).isEqualTo(409);
        assertThat(oldCorrected.body()).contains("decision-id-spent");
        assertThat(state(caseId)).isEqualTo("FORWARDED");
        assertThat(refusals()).isEqualTo(refusalsBefore + 3);

        // within the allowed age and the tolerance, a decision under a new id is applied
        Map<String, Object> inTime = decision(sblsh, "MATERIALS_COMPLETE");
        inTime.put("decidedAt", iso(now.minusDays(3).plusMinutes(4)));
        HttpResponse<String> applied = postDecision(inTime);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
    }

    @Test
    void aDecisionThatDoesNotFitTheStateIsRefusedNamingBothStatesAndRecorded() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        Map<String, Object> refused = decision(sblsh, "REFUSED");
        refused.put("reason", "鉴定场地不符合要求");
        refused.put("clause", "三(一)");

        HttpResponse<String> answer = postDecision(refused);
        HttpResponse<String> again = postDecision(refused);

        assertThat(answer.statusCode()).isEqualTo(409);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("messageZh").asText()).contains("FORWARDED").contains("REFUSED");
        assertThat(body.get("messageEn").asText()).contains("FORWARDED").contains("REFUSED");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo(answer.body());
        assertThat(state(caseId)).isEqualTo("FORWARDED");
        assertThat(jdbc.sql("SELECT outcome FROM skills_decision WHERE decision_id = ?")
                .param(refused.get("decisionId")).query(String.class).single()).isEqualTo("REFUSED");
        assertThat(history(caseId)).containsOnlyOnce("decision-refused");
        assertThat(published.completed(caseId)).isEmpty();
    }

    @Test
    void aDecisionBeforeTheDeliveryAcknowledgementIsRecordedForwardsTheCaseFirst() throws Exception {
        SKILLS.mode(SkillsSimulator.Mode.FAIL_5XX);
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId;
        try {
            caseId = submitAccepted(validCase(sblsh));
            assertThat(state(caseId)).isEqualTo("RECEIVED");

            HttpResponse<String> answer = postDecision(decision(sblsh, "MATERIALS_COMPLETE"));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
            assertThat(history(caseId)).containsSubsequence("case-received", "forwarded", "materials-complete");
        } finally {
            SKILLS.mode(SkillsSimulator.Mode.OK);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(String.class).optional().orElse("not mapped yet"), "DELIVERED"::equals);
        assertThat(state(caseId)).as("the late acknowledgement moves nothing back").isEqualTo("UNDER_REVIEW");
        assertThat(history(caseId)).containsOnlyOnce("forwarded");
    }

    @Test
    void aDecisionFromAnotherAuthorityThanTheCasesCompetentOneIs409() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        Map<String, Object> byProvince = decision(sblsh, "MATERIALS_COMPLETE");
        byProvince.put("authority", "四川省人力资源和社会保障厅");

        HttpResponse<String> answer = postDecision(byProvince);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(json.readTree(answer.body()).get("messageZh").asText()).contains("成都市人力资源和社会保障局");
        assertThat(state(caseId)).isEqualTo("FORWARDED");
        Map<String, Object> byCode = decision(sblsh, "MATERIALS_COMPLETE");
        byCode.put("authority", "510100");
        assertThat(postDecision(byCode).statusCode()).as("the competent authority by its area code").isEqualTo(200);
    }

    /**
     * Issue 11: an institution filed by 成都 (510100) before the gateway, assessing up to 高级技师 (by tier the province's):
     * its 名称 change, a mixed change that includes 负责人, and its cancellation reach the skills system with 成都 as the
     * authority, and only 成都's decisions apply; a change of levels alone goes by tier, to the province.
     */
    @Test
    void changesOfNameOrDirectorAndCancellationsGoToTheAuthorityThatFiledTheInstitution() throws Exception {
        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        registerInstitution(number, "510100");

        String name = submitAndForward(change(number, "名称"));
        String mixed = submitAndForward(change(number, "鉴定等级", "负责人"));
        String levels = submitAndForward(change(number, "鉴定等级"));
        ObjectNode cancel = validCase("SC-WF-ZX-" + UUID.randomUUID());
        cancel.put("YWLX", "注销");
        cancel.put("BAH", number);
        cancel.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        cancel.remove("BAB");
        String cancelled = submitAndForward(cancel);

        assertThat(skillsAuthority(name)).isEqualTo("510100");
        assertThat(skillsAuthority(mixed)).isEqualTo("510100");
        assertThat(skillsAuthority(cancelled)).isEqualTo("510100");
        assertThat(skillsAuthority(levels)).as("a change of levels alone goes by tier").isEqualTo("510000");
        String cancelSblsh = cancel.get("SBLSH").asText();
        Map<String, Object> byProvince = decision(cancelSblsh, "MATERIALS_COMPLETE");
        byProvince.put("authority", "四川省人力资源和社会保障厅");
        assertThat(postDecision(byProvince).statusCode()).isEqualTo(409);
        assertThat(postDecision(decision(cancelSblsh, "MATERIALS_COMPLETE")).statusCode()).isEqualTo(200);
        assertThat(state(cancelled)).isEqualTo("UNDER_REVIEW");
    }

    /**
     * Issue 11: an institution filed by 成都 before the gateway, imported by a province operator through the ops API;
     * its 名称 变更 (its form assessing up to 高级技师, by tier the province's) reaches the skills system with 成都 as the
     * authority, 成都 files it, the import takes the new name, the ministry is told, and the result notice is the
     * 变更's. Its cancellation then cancels the import; it was never in the directory's register.
     */
    @Test
    void aNameChangeAndACancellationOfAnImportedInstitutionAreFiledByTheAuthorityThatFiledIt() throws Exception {
        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        HttpResponse<String> imported = importInstitutions("BAH,name,authority\n" + number
                + ",成都市旧名职业技能考核鉴定所,510100\n");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json.readTree(imported.body()).at("/outcomes/added").toString()).contains(number);

        ObjectNode change = change(number, "名称");
        String changeSblsh = change.get("SBLSH").asText();
        String changeId = submitAndForward(change);
        assertThat(skillsAuthority(changeId)).isEqualTo("510100");
        assertThat(json.readTree(SKILLS.record(changeId + ":1")).at("/authority/name").asText())
                .isEqualTo("成都市人力资源和社会保障局");
        Map<String, Object> byProvince = filedDecision(changeSblsh, number, "2031-11-26");
        byProvince.put("authority", "四川省人力资源和社会保障厅");
        assertThat(postDecision(byProvince).statusCode()).as("only the authority that filed it decides").isEqualTo(409);

        HttpResponse<String> filed = completeThenFile(changeSblsh, number, "2031-11-26");

        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(200);
        assertThat(state(changeId)).isEqualTo("FILED");
        Map<String, Object> row = jdbc.sql("SELECT name, status, director_name FROM imported_institution WHERE "
                + "filing_number = ?").param(number).query().singleRow();
        assertThat(row).containsEntry("NAME", "成都市示范职业技术学校职业技能考核鉴定所").containsEntry("STATUS", "FILED")
                .as("a 名称 change does not set the director").containsEntry("DIRECTOR_NAME", null);
        assertThat(importedEvents(number)).containsExactly("CHANGED");
        assertThat(ministryReports(changeId)).containsExactly("CHANGED");
        String notice = jdbc.sql("SELECT notice_text FROM result_notice WHERE case_id = ?").param(changeId)
                .query(String.class).single();
        assertThat(notice).contains("职业技能考核鉴定机构变更备案办理结果告知书")
                .contains("你单位报来的职业技能考核鉴定机构变更备案材料收悉。经审查，准予变更（变更事项：名称）。")
                .contains("成都市人力资源和社会保障局").doesNotContain("设立备案").doesNotContain("四川省人力资源和社会保障厅")
                .as("an imported institution is not in the directory: no place of publication it is not at")
                .doesNotContain("公布于").doesNotContain("https://rst.sc.gov.cn/directory");
        assertThat(importInstitutions("BAH,name,authority\n" + number + ",成都市旧名职业技能考核鉴定所,510100\n").body())
                .as("the same file again changes nothing, though the name has changed since").contains("unchanged");

        ObjectNode cancel = validCase("SC-WF-ZX-" + UUID.randomUUID());
        cancel.put("YWLX", "注销");
        cancel.put("BAH", number);
        cancel.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        cancel.remove("BAB");
        String cancelId = submitAndForward(cancel);
        assertThat(skillsAuthority(cancelId)).isEqualTo("510100");

        HttpResponse<String> cancelled = completeThenFile(cancel.get("SBLSH").asText(), number, "2026-11-27");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT status FROM imported_institution WHERE filing_number = ?").param(number)
                .query(String.class).single()).isEqualTo("CANCELLED");
        assertThat(importedEvents(number)).containsExactly("CHANGED", "CANCELLED");
        assertThat(ministryReports(cancelId)).as("reported with the institution of the change's report")
                .containsExactly("CANCELLED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM institution WHERE filing_number = ?").param(number)
                .query(Integer.class).single()).as("never in the directory's register").isZero();
        assertThat(jdbc.sql("SELECT notice_text FROM result_notice WHERE case_id = ?").param(cancelId)
                .query(String.class).single()).contains("注销备案材料收悉").contains("已注销。").doesNotContain("设立备案")
                .doesNotContain("公布于");
    }

    /** A cancelled import takes no further change; a cancellation the gateway cannot report is noted, not failed. */
    @Test
    void aCancellationOfAnImportedInstitutionNeverReportedIsFiledAndItsMissingReportNoted() throws Exception {
        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        assertThat(importInstitutions("[{\"BAH\":\"" + number + "\",\"name\":\"成都市某职业技能考核鉴定站\","
                + "\"authority\":\"510100\"}]", "application/json").statusCode()).isEqualTo(200);
        ObjectNode cancel = validCase("SC-WF-ZX-" + UUID.randomUUID());
        cancel.put("YWLX", "注销");
        cancel.put("BAH", number);
        cancel.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        cancel.remove("BAB");
        String cancelId = submitAndForward(cancel);

        HttpResponse<String> cancelled = completeThenFile(cancel.get("SBLSH").asText(), number, "2026-11-27");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(state(cancelId)).isEqualTo("FILED");
        assertThat(jdbc.sql("SELECT status FROM imported_institution WHERE filing_number = ?").param(number)
                .query(String.class).single()).isEqualTo("CANCELLED");
        assertThat(history(cancelId)).contains("ministry-report-not-made");
        assertThat(ministryReports(cancelId)).isEmpty();

        // a cancelled institution takes no further 变更 or 注销: refused at the window, nothing stored
        for (String type : List.of("变更", "注销")) {
            ObjectNode after = "变更".equals(type) ? change(number, "名称") : cancel;
            after.put("SBLSH", "SC-WF-AFTER-" + UUID.randomUUID());
            HttpResponse<String> refused = client().postCase(bytes(after));
            assertThat(refused.statusCode()).as(type + " " + refused.body()).isEqualTo(400);
            JsonNode violation = json.readTree(refused.body()).get("violations").get(0);
            assertThat(violation.get("field").asText()).isEqualTo("BAH");
            assertThat(violation.get("rule").asText()).isEqualTo("filing-number-not-in-force");
            assertThat(violation.get("messageZh").asText()).contains(number).contains("注销");
            assertThat(violation.get("messageEn").asText()).contains("cancelled");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(after.get("SBLSH").asText())
                    .query(Integer.class).single()).isZero();
        }
    }

    /** A 变更 taken while its institution was in force, decided after the institution was cancelled: refused, 409. */
    @Test
    void aChangeDecidedAfterItsInstitutionWasCancelledIs409() throws Exception {
        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        assertThat(importInstitutions("[{\"BAH\":\"" + number + "\",\"name\":\"成都市另一职业技能考核鉴定站\","
                + "\"authority\":\"510100\"}]", "application/json").statusCode()).isEqualTo(200);
        ObjectNode change = change(number, "名称");
        String changeId = submitAndForward(change);
        ObjectNode cancel = validCase("SC-WF-ZX-" + UUID.randomUUID());
        cancel.put("YWLX", "注销");
        cancel.put("BAH", number);
        cancel.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        cancel.remove("BAB");
        submitAndForward(cancel);
        assertThat(completeThenFile(cancel.get("SBLSH").asText(), number, "2026-11-27").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = completeThenFile(change.get("SBLSH").asText(), number, "2031-11-26");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("CANCELLED");
        assertThat(state(changeId)).isEqualTo("UNDER_REVIEW");
    }

    /** The 设立's skills record carries 填报说明1 and 一.3 as the form gave them; a 变更 without them is taken. */
    @Test
    void theSkillsRecordCarriesTheOfficePremisesAndTheRatiosAndAChangeNeedsNeither() throws Exception {
        String caseId = submitAndForward(validCase("SC-WF-" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(30)).until(() -> SKILLS.record(caseId + ":1") != null);
        JsonNode record = json.readTree(SKILLS.record(caseId + ":1"));
        assertThat(record.at("/office/address").asText()).isEqualTo("成都市锦江区示范路1号行政楼3层");
        assertThat(record.at("/office/rooms").asInt()).isEqualTo(5);
        assertThat(record.at("/office/facilities/0/name").asText()).isEqualTo("办公计算机");
        assertThat(record.at("/office/archiveStorage/0/name").asText()).isEqualTo("密集档案柜");
        assertThat(record.at("/ratios/theory/candidates").asInt()).isEqualTo(30);
        assertThat(record.at("/ratios/practical/staff").asInt()).isEqualTo(3);
        assertThat(record.at("/ratios/review/staff").asInt()).isEqualTo(5);

        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        registerInstitution(number, "510100");
        ObjectNode change = change(number, "名称");
        ((ObjectNode) change.get("BAB")).remove(List.of("office", "ratios"));
        String changeId = submitAndForward(change);
        await().atMost(Duration.ofSeconds(30)).until(() -> SKILLS.record(changeId + ":1") != null);
        JsonNode changed = json.readTree(SKILLS.record(changeId + ":1"));
        assertThat(changed.has("office")).isFalse();
        assertThat(changed.has("ratios")).isFalse();
        assertThat(changed.at("/change/items/0").asText()).isEqualTo("名称");
    }

    private HttpResponse<String> importInstitutions(String body) throws Exception {
        return importInstitutions(body, "text/csv");
    }

    private HttpResponse<String> importInstitutions(String body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/ops/v1/institutions/import"))
                .header("Authorization", operatorAuth()).header("Content-Type", contentType + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> importedEvents(String number) {
        return jdbc.sql("SELECT event_kind FROM imported_institution_event WHERE filing_number = ? ORDER BY event_id")
                .param(number).query(String.class).list();
    }

    @Test
    void aChangeOfAnUnregisteredInstitutionIsRefusedAtTheWindow() throws Exception {
        ObjectNode change = change("Y000051" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)),
                "名称");

        HttpResponse<String> answer = client().postCase(bytes(change));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode violation = json.readTree(answer.body()).get("violations").get(0);
        assertThat(violation.get("field").asText()).isEqualTo("BAH");
        assertThat(violation.get("rule").asText()).isEqualTo("unknown-filing-number");
        assertThat(violation.get("messageZh").asText()).contains("备案号");
        assertThat(violation.get("messageEn").asText()).contains("filing number");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(change.get("SBLSH").asText())
                .query(Integer.class).single()).isZero();
    }

    /** A 变更 of {@code items} of the institution {@code number}, its form assessing up to 高级技师 (level 1). */
    private ObjectNode change(String number, String... items) {
        ObjectNode change = validCase("SC-WF-BG-" + UUID.randomUUID());
        change.put("YWLX", "变更");
        change.put("BAH", number);
        com.fasterxml.jackson.databind.node.ArrayNode bgsx = change.putArray("BGSX");
        for (String item : items) {
            bgsx.add(item);
        }
        change.put("BGRQ", "2026-11-25");
        ((com.fasterxml.jackson.databind.node.ArrayNode) change.get("BAB").get("occupations").get(1).get("levels"))
                .add(1);
        return change;
    }

    /** The authority's area code in the skills record the skills simulator received for the case. */
    private String skillsAuthority(String caseId) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> SKILLS.record(caseId + ":1") != null);
        return json.readTree(SKILLS.record(caseId + ":1")).at("/authority/areaCode").asText();
    }

    @Test
    void anUnknownCaseIs404AndStored() throws Exception {
        HttpResponse<String> answer = postDecision(decision("SC-WF-NO-SUCH-" + UUID.randomUUID(),
                "MATERIALS_COMPLETE"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("there is no case");
    }

    @Test
    void aRefusalCompletesTheCaseWithBjjgdm7() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        postDecision(decision(sblsh, "MATERIALS_COMPLETE"));
        Map<String, Object> refused = decision(sblsh, "REFUSED");
        refused.put("reason", "应会考场面积不足");
        refused.put("clause", "《通知》二(二)");

        assertThat(postDecision(refused).statusCode()).isEqualTo(200);

        assertThat(state(caseId)).isEqualTo("REFUSED");
        CaseCompleted done = published.completed(caseId).get(0);
        assertThat(done.bjjgdm()).isEqualTo("7");
        assertThat(done.reason()).isEqualTo("应会考场面积不足");
        assertThat(done.clause()).isEqualTo("《通知》二(二)");
        assertThat(ministryReports(caseId)).isEmpty();
    }

    /** A REFUSED decision on {@code sblsh} with {@code reason}, under 《通知》二(二). */
    private Map<String, Object> refusal(String sblsh, String reason) {
        Map<String, Object> refused = decision(sblsh, "REFUSED");
        refused.put("reason", reason);
        refused.put("clause", "《通知》二(二)");
        return refused;
    }

    @Test
    void aNulInADecisionIs400ByField() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        HttpResponse<String> answer = postDecision(refusal(sblsh, "应会考场\u0000面积不足"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid-decision").contains("$.reason").contains("控制字符");
        assertThat(state(caseId)).isEqualTo("FORWARDED");
    }

    @Test
    void aReasonOverSeveralLinesIsSetAsOneLineAndABlankReasonIs422() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        postDecision(decision(sblsh, "MATERIALS_COMPLETE"));
        String before = state(caseId);
        HttpResponse<String> refusedAnswer = postDecision(refusal(sblsh, " \n\t "));

        assertThat(refusedAnswer.statusCode()).as(refusedAnswer.body()).isEqualTo(422);
        assertThat(refusedAnswer.body()).contains("reason must not be blank").contains("终止办理的原因不能为空");
        assertThat(state(caseId)).as("nothing applied").isEqualTo(before);

        HttpResponse<String> applied = postDecision(refusal(sblsh, "应会考场面积不足；\r\n理论考场不足"));

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("REFUSED");
        assertThat(jdbc.sql("SELECT notice_text FROM result_notice WHERE case_id = ?").param(caseId)
                .query(String.class).single()).contains("应会考场面积不足； 理论考场不足");
    }

    // ---------------------------------------------------------------- supplements and the sweep

    @Test
    void incompleteMaterialsAskForASupplementAndTheSupplementReturnsTheCaseToReview() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        Map<String, Object> incomplete = decision(sblsh, "MATERIALS_INCOMPLETE");
        incomplete.put("materials", List.of(Map.of("code", "GZZD", "name", "规章制度", "problem", "缺少考务管理制度")));

        assertThat(postDecision(incomplete).statusCode()).isEqualTo(200);

        assertThat(state(caseId)).isEqualTo("MATERIALS_INCOMPLETE");
        SupplementRequested asked = published.supplements.stream().filter(s -> s.caseId().equals(caseId))
                .findFirst().orElseThrow();
        assertThat(asked.materials()).extracting(SupplementRequested.Material::code).containsExactly("GZZD");
        assertThat(asked.timeLimit()).isEqualTo(5);
        assertThat(asked.timeLimitUnit()).isEqualTo("G");
        assertThat(asked.contactMobile()).isEqualTo("13812345678");

        noticeSent(caseId, OffsetDateTime.parse("2026-11-27T10:30+08:00"));
        assertThat(state(caseId)).isEqualTo("SUPPLEMENT_REQUESTED");
        assertThat(clock(sblsh, "SUPPLEMENT").get("dueDate").asText()).isEqualTo("2026-12-04");

        ObjectNode supplement = supplementTo(sblsh);
        String supplementId = submitAccepted(supplement);

        assertThat(state(caseId)).as("the 补正 arrived").isIn("SUPPLEMENTED", "UNDER_REVIEW");
        assertThat(clock(sblsh, "SUPPLEMENT").get("stoppedAt").isNull()).as("the supplement clock stopped").isFalse();
        awaitState(supplementId, "FORWARDED");
        awaitState(caseId, "UNDER_REVIEW");
        HttpResponse<String> onTheSupplement = postDecision(decision(supplement.get("SBLSH").asText(),
                "MATERIALS_COMPLETE"));
        assertThat(onTheSupplement.statusCode()).isEqualTo(409);
        assertThat(onTheSupplement.body()).contains(sblsh);
        assertThat(history(caseId)).containsSubsequence("materials-incomplete", "supplement-requested",
                "supplemented", "supplement-forwarded");

        assertThat(postDecision(decision(sblsh, "MATERIALS_COMPLETE")).statusCode()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
        assertThat(clock(sblsh, "FILING").get("dueDate").asText()).isEqualTo("2026-12-18");
    }

    @Test
    void aCaseThatCannotBeTerminatedDoesNotStopTheSweepForTheOthers() throws Exception {
        String stuck = incompleteCase("SC-WF-" + UUID.randomUUID());
        String other = incompleteCase("SC-WF-" + UUID.randomUUID());
        // the stuck one is due first, so the sweep meets it first (runs are swept by due date)
        noticeSent(stuck, OffsetDateTime.parse("2026-09-01T10:00+08:00"));
        noticeSent(other, OffsetDateTime.parse("2026-09-02T10:00+08:00"));
        published.failOn.add(stuck);
        try {
            DeadlineSweep.Result result = sweep.sweep();

            assertThat(result.failed()).isGreaterThanOrEqualTo(1);
            assertThat(state(other)).as("swept after the failing case").isEqualTo("TERMINATED");
            assertThat(state(stuck)).as("rolled back, unchanged").isEqualTo("SUPPLEMENT_REQUESTED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM case_clock WHERE case_id = ? AND clock_kind = 'SUPPLEMENT'"
                    + " AND expired_at IS NOT NULL").param(stuck).query(Long.class).single())
                    .as("its clock's expiry claim rolled back with it").isZero();
        } finally {
            published.failOn.clear();
        }
        assertThat(sweep.sweep().terminated()).as("tried again at the next sweep").isGreaterThanOrEqualTo(1);
        assertThat(state(stuck)).isEqualTo("TERMINATED");
    }

    @Test
    void theSupplementClockRunsFromTheSmsAcross国庆AndTheSweepTerminates() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);

        noticeSent(caseId, OffsetDateTime.parse("2026-09-29T16:00+08:00"));

        JsonNode clock = clock(sblsh, "SUPPLEMENT");
        assertThat(clock.get("dueDate").asText()).as("30 Sep, 8, 9, make-up Sat 10, Mon 12 Oct")
                .isEqualTo("2026-10-12");
        assertThat(clock.get("overdue").asBoolean()).isTrue();
        assertThat(sweep.sweep().terminated()).isGreaterThanOrEqualTo(1);
        assertThat(state(caseId)).isEqualTo("TERMINATED");
        // the console shows the expired window as ended, not as a clock overdue for ever
        var detail = console.caseDetail(new cn.gov.sc.rst.filingbridge.console.OperatorScope("ops-test",
                cn.gov.sc.rst.filingbridge.console.OperatorScope.PROVINCE_AREA), sblsh).orElseThrow();
        assertThat(detail.summary().overdue()).isFalse();
        assertThat(detail.summary().clocks()).as("no open clock").isEmpty();
        assertThat(detail.clocks()).filteredOn(k -> k.kind().equals("SUPPLEMENT")).singleElement()
                .satisfies(k -> {
                    assertThat(k.open()).isFalse();
                    assertThat(k.status()).contains("期限届满");
                });
        CaseCompleted done = published.completed(caseId).get(0);
        assertThat(done.bjjgdm()).isEqualTo("5");
        assertThat(done.reason()).isEqualTo("你单位未在规定的5个工作日内补齐材料");
        assertThat(done.clause()).as("三(一)2(2), with 规定 and full-width brackets")
                .isEqualTo("《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定");
    }

    @Test
    void twoSweepsAtOnceTerminateOnceAndNotifyOnce() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);
        noticeSent(caseId, OffsetDateTime.ofInstant(movable.instant(), ZoneId.of("Asia/Shanghai")));
        assertThat(sweep.sweep().terminated()).as("due 4 Dec: nothing to do on 27 Nov").isZero();
        movable.advance(Duration.ofDays(7));
        try {
            assertThat(sweep.sweep().terminated()).as("4 Dec is the due day: still open").isZero();
            // 5 Dec 01:00 in Sichuan, still 4 Dec in UTC: the termination's date is Sichuan's (PostgreSQL answers the
            // event's time in UTC; its date once named the due day as the day the case was terminated)
            movable.advance(Duration.ofHours(15));

            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<DeadlineSweep.Result>> runs = List.of(
                        pool.submit(() -> {
                            start.await();
                            return sweep.sweep();
                        }),
                        pool.submit(() -> {
                            start.await();
                            return sweep.sweep();
                        }));
                for (Future<DeadlineSweep.Result> r : runs) {
                    r.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(state(caseId)).isEqualTo("TERMINATED");
            assertThat(history(caseId).stream().filter("terminated"::equals)).hasSize(1);
            assertThat(published.completed(caseId)).hasSize(1);
            assertThat(published.completed(caseId).get(0).bjjgdm()).isEqualTo("5");
            assertThat(sweep.sweep().terminated()).as("a third sweep finds nothing").isZero();

            ObjectNode late = supplementTo(sblsh);
            HttpResponse<String> refused = client().postCase(bytes(late));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("supplement-after-termination").contains("2026-12-05")
                    .contains("终止办理").contains("terminated");
        } finally {
            movable.advance(Duration.ofDays(-7).minusHours(15));
        }
    }

    @Test
    void aSupplementArrivingWhileTheSweepTerminatesItsCaseIsRefusedClearly() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);
        noticeSent(caseId, OffsetDateTime.ofInstant(movable.instant(), ZoneId.of("Asia/Shanghai")));
        movable.advance(Duration.ofDays(8));
        try {
            // The sweep holds the case (as terminate() does first) while the 补正 comes in: the intake has already
            // seen the case open, so only its lock on the related case keeps it from passing the termination. The
            // sweep goes on once the intake waits for that lock.
            CountDownLatch held = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            ObjectNode supplement = supplementTo(sblsh);
            HttpResponse<String> answer;
            try {
                Future<DeadlineSweep.Result> swept = threads.submit(() -> tx.execute(s -> {
                    workflow.lock(caseId);
                    held.countDown();
                    await("the 补正 waits for the case's lock").atMost(Duration.ofSeconds(20))
                            .until(() -> jdbc.sql(lockWaitsQuery()).query(Long.class).single() > 0);
                    return sweep.sweep();
                }));
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                Future<HttpResponse<String>> posted = threads.submit(() -> client().postCase(bytes(supplement)));
                assertThat(swept.get(30, TimeUnit.SECONDS).terminated()).isGreaterThanOrEqualTo(1);
                answer = posted.get(30, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("supplement-after-termination").contains("2026-12-05")
                    .contains("终止办理").contains("terminated");
            assertThat(state(caseId)).isEqualTo("TERMINATED");
            assertThat(history(caseId)).contains("terminated").doesNotContain("supplemented");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE sblsh = ? AND reason_code = 'invalid-case'")
                    .param(supplement.get("SBLSH").asText()).query(Long.class).single())
                    .as("the refusal is recorded").isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?")
                    .param(supplement.get("SBLSH").asText()).query(Long.class).single())
                    .as("nothing of the 补正 is stored").isZero();
        } finally {
            movable.advance(Duration.ofDays(-8));
        }
    }

    @Test
    void anOverdueAuthorityClockAlertsOnce() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        movable.advance(Duration.ofDays(8));
        try {
            sweep.sweep();
            sweep.sweep();

            assertThat(history(caseId).stream().filter("clock-overdue"::equals)).hasSize(1);
            JsonNode onSaturday = clock(sblsh, "COMPLETENESS");
            assertThat(onSaturday.get("overdue").asBoolean()).as("due Fri 4 Dec, now Sat 5 Dec").isTrue();
            assertThat(onSaturday.get("remainingWorkingDays").asInt()).as("no working day past yet").isZero();
            movable.advance(Duration.ofDays(2));
            assertThat(clock(sblsh, "COMPLETENESS").get("remainingWorkingDays").asInt()).as("Mon 7 Dec")
                    .isEqualTo(-1);
            assertThat(state(caseId)).isEqualTo("FORWARDED");
        } finally {
            movable.advance(Duration.ofDays(-10));
        }
    }

    @Test
    void aClockIntoAYearWithoutCalendarIsProvisional() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);

        noticeSent(caseId, OffsetDateTime.parse("2026-12-28T09:00+08:00"));

        JsonNode clock = clock(sblsh, "SUPPLEMENT");
        assertThat(clock.get("dueDate").asText()).isEqualTo("2027-01-04");
        assertThat(clock.get("provisional").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_clock WHERE case_id = ? AND provisional = TRUE")
                .param(caseId).query(Integer.class).single()).isEqualTo(1);
    }

    @Autowired
    Clocks clocks;

    @Test
    void aProvisionalClockIsRecountedOnceItsYearIsCovered() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        jdbc.sql("""
                UPDATE case_clock SET start_date = DATE '2026-09-29', due_date = DATE '2026-10-06', provisional = TRUE
                WHERE case_id = ? AND clock_kind = 'COMPLETENESS'""").param(caseId).update();

        int recounted = clocks.recount();

        assertThat(recounted).isGreaterThanOrEqualTo(1);
        JsonNode clock = clock(sblsh, "COMPLETENESS");
        assertThat(clock.get("dueDate").asText()).as("weekends-only 6 Oct recounted with 国庆: 12 Oct")
                .isEqualTo("2026-10-12");
        assertThat(clock.get("provisional").asBoolean()).isFalse();
    }

    @Test
    void aFailedSiteEvaluationEndsInARefusalWithItsReason() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = submitAndForward(validCase(sblsh));
        HttpResponse<String> early = postDecision(evaluation(sblsh, false));
        assertThat(early.statusCode()).as("materials not yet complete").isEqualTo(409);
        assertThat(postDecision(decision(sblsh, "MATERIALS_COMPLETE")).statusCode()).isEqualTo(200);

        HttpResponse<String> failed = postDecision(evaluation(sblsh, false));

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("REFUSED");
        CaseCompleted done = published.completed(caseId).get(0);
        assertThat(done.bjjgdm()).isEqualTo("7");
        assertThat(done.reason()).isEqualTo("现场技术评估不合格：操作技能考核场地通风不符合安全要求");
        assertThat(done.clause()).isEqualTo(CaseOutcomes.TERMINATION_CLAUSE);
        Map<String, Object> row = jdbc.sql("SELECT passed, evaluators FROM site_evaluation WHERE case_id = ?")
                .param(caseId).query().singleRow();
        assertThat(row.get("PASSED")).isEqualTo(false);
        assertThat(row.get("EVALUATORS")).isEqualTo("李评估、王专家");
        assertThat(postDecision(filedDecision(sblsh, filingNumber(), "2031-11-26")).statusCode()).isEqualTo(409);
    }

    @Test
    void aCityAuthorityRunsItsOwnShorterLimitsAndTerminatesNamingThem() throws Exception {
        String sblsh = "SC-WF-MY-" + UUID.randomUUID();
        ObjectNode filing = validCase(sblsh);
        filing.put("XZQHDM", "510703");
        filing.get("BAB").get("occupations").forEach(o -> {
            com.fasterxml.jackson.databind.node.ArrayNode levels = ((ObjectNode) o).putArray("levels");
            levels.add(5).add(4).add(3);
        });
        // no 技师 or 高级技师 any more, so no 综合评审 ratio (一.3)
        ((ObjectNode) filing.get("BAB").get("ratios")).remove("review");
        String caseId = submitAndForward(filing);
        assertThat(jdbc.sql("SELECT authority_area FROM filing_case WHERE case_id = ?").param(caseId)
                .query(String.class).single()).as("绵阳 files up to 高级").isEqualTo("510700");
        JsonNode completeness = clock(sblsh, "COMPLETENESS");
        assertThat(completeness.get("workingDays").asInt()).as("绵阳's own 材料审查 limit, from receipt").isEqualTo(4);
        assertThat(completeness.get("dueDate").asText()).as("Fri 27 Nov + 4 = Thu 3 Dec").isEqualTo("2026-12-03");
        assertThat(history(caseId)).contains("clock-limit");
        Map<String, Object> incomplete = decision(sblsh, "MATERIALS_INCOMPLETE");
        incomplete.put("materials", List.of(Map.of("code", "GZZD", "name", "规章制度", "problem", "缺失")));
        assertThat(postDecision(incomplete).statusCode()).isEqualTo(200);
        assertThat(published.supplements.stream().filter(e -> e.caseId().equals(caseId)).findFirst().orElseThrow()
                .timeLimit()).as("绵阳's own 补正 limit").isEqualTo(3);

        noticeSent(caseId, OffsetDateTime.parse("2026-11-27T10:30+08:00"));
        assertThat(jdbc.sql("SELECT reason FROM case_event WHERE case_id = ? AND event_type = 'supplement-requested'")
                .param(caseId).query(String.class).single()).contains("3 个工作日内补正");

        JsonNode clock = clock(sblsh, "SUPPLEMENT");
        assertThat(clock.get("workingDays").asInt()).isEqualTo(3);
        assertThat(clock.get("dueDate").asText()).as("Fri 27 Nov + 3 = Wed 2 Dec").isEqualTo("2026-12-02");
        movable.advance(Duration.ofDays(6));
        try {
            assertThat(sweep.sweep().terminated()).isGreaterThanOrEqualTo(1);
            assertThat(state(caseId)).isEqualTo("TERMINATED");
            assertThat(published.completed(caseId).get(0).reason()).contains("规定的3个工作日内补齐材料");
        } finally {
            movable.advance(Duration.ofDays(-6));
        }
    }

    // ---------------------------------------------------------------- one-time means once (issue 11)

    @Test
    void theOneTimeNoticeIsGivenOnceAndAfterTheSupplementTheAuthorityTerminates() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);
        noticeSent(caseId, OffsetDateTime.parse("2026-11-27T10:30+08:00"));
        Map<String, Object> tooEarly = decision(sblsh, "TERMINATED");
        HttpResponse<String> beforeSupplement = postDecision(tooEarly);
        assertThat(beforeSupplement.statusCode()).as(beforeSupplement.body()).isEqualTo(409);
        assertThat(state(caseId)).isEqualTo("SUPPLEMENT_REQUESTED");

        String supplementId = submitAccepted(supplementTo(sblsh));
        awaitState(supplementId, "FORWARDED");
        awaitState(caseId, "UNDER_REVIEW");
        // 附件2: the 补正 goes back to 确认材料是否齐全, within 5 working days of its receipt (Fri 27 Nov: Fri 4 Dec)
        assertThat(clocks(sblsh).stream().filter(c -> c.get("kind").asText().equals("COMPLETENESS"))).hasSize(2);
        JsonNode recheck = clock(sblsh, "COMPLETENESS");
        assertThat(recheck.get("stoppedAt").isNull()).as("the re-check runs").isTrue();
        assertThat(recheck.get("dueDate").asText()).isEqualTo("2026-12-04");
        assertThat(clock(sblsh, "SUPPLEMENT").get("stoppedAt").isNull()).isFalse();
        Map<String, Object> again = decision(sblsh, "MATERIALS_INCOMPLETE");
        again.put("materials", List.of(Map.of("code", "GZZD", "name", "规章制度", "problem", "仍缺考务管理制度")));

        HttpResponse<String> second = postDecision(again);

        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        JsonNode body = json.readTree(second.body());
        assertThat(body.get("messageZh").asText()).contains("一次性告知").contains("不得再次告知");
        assertThat(body.get("messageEn").asText()).contains("one-time").contains("TERMINATED");
        assertThat(state(caseId)).isEqualTo("UNDER_REVIEW");
        assertThat(published.supplements.stream().filter(e -> e.caseId().equals(caseId))).hasSize(1);

        Map<String, Object> terminate = decision(sblsh, "TERMINATED");
        HttpResponse<String> ended = postDecision(terminate);

        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("TERMINATED");
        CaseCompleted done = published.completed(caseId).get(0);
        assertThat(done.bjjgdm()).isEqualTo("5");
        assertThat(done.reason()).contains("5个工作日内补齐材料");
        assertThat(done.clause()).as("三(一)2(2), with 规定 and full-width brackets")
                .isEqualTo("《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定");
        assertThat(clocks(sblsh)).allSatisfy(c -> assertThat(c.get("stoppedAt").isNull()).isFalse());
    }

    @Test
    void aSupplementAfterItsDeadlineIsRefusedEvenBeforeTheSweepRan() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);
        noticeSent(caseId, OffsetDateTime.ofInstant(movable.instant(), ZoneId.of("Asia/Shanghai")));
        movable.advance(Duration.ofDays(8));
        try {
            ObjectNode late = supplementTo(sblsh);
            HttpResponse<String> refused = client().postCase(bytes(late));

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("supplement-after-deadline").contains("GLSBLSH")
                    .contains("2026-12-04").contains("补正期限").contains("supplement window");
            assertThat(state(caseId)).as("the sweep has not run").isEqualTo("SUPPLEMENT_REQUESTED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(late.get("SBLSH").asText())
                    .query(Long.class).single()).isZero();
        } finally {
            movable.advance(Duration.ofDays(-8));
        }
    }

    @Autowired
    CalendarReload calendarReload;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aSupplementWindowOnAProvisionalDateHoldsTheCaseUntilTheYearIsLoaded() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);
        noticeSent(caseId, OffsetDateTime.parse("2026-12-28T09:00+08:00"));
        assertThat(clock(sblsh, "SUPPLEMENT").get("dueDate").asText()).as("weekends only: 1 Jan counted")
                .isEqualTo("2027-01-04");
        Duration toJan6 = Duration.ofDays(40);
        movable.advance(toJan6);
        java.nio.file.Path year = CALENDAR_DIR.resolve("2027.json");
        try {
            double heldBefore = meters.counter("bridge.clocks.provisional.held").count();
            sweep.sweep();
            sweep.sweep();

            assertThat(state(caseId)).as("never terminated on a guessed date").isEqualTo("SUPPLEMENT_REQUESTED");
            assertThat(history(caseId).stream().filter("clock-provisional-hold"::equals)).hasSize(1);
            assertThat(meters.counter("bridge.clocks.provisional.held").count() - heldBefore).isGreaterThanOrEqualTo(1);
            assertThat(published.completed(caseId)).isEmpty();

            java.nio.file.Files.writeString(year, """
                    {"year": 2027, "source": "测试数据 / test data (not the State Council's 2027 arrangement)",
                     "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
                     "makeUpWorkdays": []}""", StandardCharsets.UTF_8);
            calendarReload.reload();
            JsonNode recounted = clock(sblsh, "SUPPLEMENT");
            assertThat(recounted.get("dueDate").asText()).as("元旦 1 Jan 2027 not counted").isEqualTo("2027-01-05");
            assertThat(recounted.get("provisional").asBoolean()).isFalse();

            assertThat(sweep.sweep().terminated()).isGreaterThanOrEqualTo(1);
            assertThat(state(caseId)).isEqualTo("TERMINATED");
        } finally {
            java.nio.file.Files.deleteIfExists(year);
            calendarReload.reload();
            movable.advance(toJan6.negated());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "2025-12-31T10:00+08:00, 2026-01-08, 元旦 1-3 Jan not counted and the make-up Sunday 4 Jan counted",
            "2026-06-17T10:00+08:00, 2026-06-25, 端午 19-21 Jun not counted"})
    void theSupplementWindowCountsTheLoadedHolidaysAndTheSweepTerminatesOnIt(String sentAt, String due, String why)
            throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String caseId = incompleteCase(sblsh);

        noticeSent(caseId, OffsetDateTime.parse(sentAt));

        JsonNode clock = clock(sblsh, "SUPPLEMENT");
        assertThat(clock.get("dueDate").asText()).as(why).isEqualTo(due);
        assertThat(clock.get("provisional").asBoolean()).isFalse();
        assertThat(sweep.sweep().terminated()).isGreaterThanOrEqualTo(1);
        assertThat(state(caseId)).isEqualTo("TERMINATED");
        assertThat(history(caseId)).doesNotContain("clock-provisional-hold");
    }

    // ---------------------------------------------------------------- filed institutions

    /**
     * A 变更 changes what it declares (BGSX); its 备案表 gives the rest as registered. A 负责人 change whose form adds
     * levels is refused at the window (the levels would go by tier, 四(一)); declared, the director changes and nothing
     * else.
     */
    @Test
    void aDirectorChangeChangesTheDirectorAndAnUndeclaredLevelIsRefused() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String number = filedCase(sblsh);
        Map<String, Object> before = jdbc.sql("SELECT occupations, scope, name FROM institution WHERE filing_number = ?")
                .param(number).query().singleRow();
        ObjectNode sneaky = validCase("SC-WF-BG-" + UUID.randomUUID());
        sneaky.put("YWLX", "变更");
        sneaky.put("BAH", number);
        sneaky.putArray("BGSX").add("负责人");
        sneaky.put("BGRQ", "2026-11-25");
        ((ObjectNode) sneaky.get("BAB").get("institution")).put("directorName", "赵新任");
        ((com.fasterxml.jackson.databind.node.ArrayNode) sneaky.get("BAB").get("occupations").get(0).get("levels"))
                .add(1);

        HttpResponse<String> refused = client().postCase(bytes(sneaky));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode violation = json.readTree(refused.body()).get("violations").get(0);
        assertThat(violation.get("field").asText()).isEqualTo("BAB.occupations");
        assertThat(violation.get("rule").asText()).isEqualTo("undeclared-change");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sneaky.get("SBLSH").asText())
                .query(Integer.class).single()).isZero();

        ObjectNode stranger = sneaky.deepCopy();
        stranger.put("SBLSH", "SC-WF-BG-" + UUID.randomUUID());
        ((com.fasterxml.jackson.databind.node.ArrayNode) stranger.get("BAB").get("occupations").get(0).get("levels"))
                .remove(stranger.get("BAB").get("occupations").get(0).get("levels").size() - 1);
        stranger.put("SQRZJHM", "12510000450716999K");
        ((ObjectNode) stranger.get("BAB").get("applicant")).put("creditCode", "12510000450716999K");
        HttpResponse<String> notTheUnit = client().postCase(bytes(stranger));
        assertThat(notTheUnit.statusCode()).as(notTheUnit.body()).isEqualTo(400);
        assertThat(json.readTree(notTheUnit.body()).get("violations").get(0).get("rule").asText())
                .isEqualTo("not-the-institution");

        ObjectNode change = validCase("SC-WF-BG-" + UUID.randomUUID());
        change.put("YWLX", "变更");
        change.put("BAH", number);
        change.putArray("BGSX").add("负责人");
        change.put("BGRQ", "2026-11-25");
        ((ObjectNode) change.get("BAB").get("institution")).put("directorName", "赵新任");
        String changeId = submitAndForward(change);

        HttpResponse<String> changed = completeThenFile(change.get("SBLSH").asText(), number, "2031-11-26");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(state(changeId)).isEqualTo("FILED");
        Map<String, Object> after = jdbc.sql(
                "SELECT occupations, scope, name, director_name FROM institution WHERE filing_number = ?")
                .param(number).query().singleRow();
        assertThat(value(after, "director_name")).isEqualTo("赵新任");
        assertThat(value(after, "occupations")).isEqualTo(value(before, "occupations"));
        assertThat(value(after, "scope")).isEqualTo(value(before, "scope"));
        assertThat(value(after, "name")).isEqualTo(value(before, "name"));
    }

    /** An imported institution is held to what the import registered: its name changes only when 名称 is declared. */
    @Test
    void aChangeOfAnImportedInstitutionMayNotRenameItUndeclared() throws Exception {
        String number = "Y0000510" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        assertThat(importInstitutions("[{\"BAH\":\"" + number + "\",\"name\":\"成都市旧名职业技能考核鉴定站\","
                + "\"authority\":\"510100\"}]", "application/json").statusCode()).isEqualTo(200);
        ObjectNode change = change(number, "负责人");

        HttpResponse<String> refused = client().postCase(bytes(change));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode violation = json.readTree(refused.body()).get("violations").get(0);
        assertThat(violation.get("field").asText()).isEqualTo("BAB.institution.name");
        assertThat(violation.get("rule").asText()).isEqualTo("undeclared-change");
    }

    private static Object value(Map<String, Object> row, String column) {
        return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(java.util.Locale.ROOT));
    }

    /** A 变更 of the institution {@code number}'s 鉴定场所 to {@code address}, changed on {@code bgrq}. */
    private ObjectNode siteChange(String number, String bgrq, String address) {
        ObjectNode change = validCase("SC-WF-BG-" + UUID.randomUUID());
        change.put("YWLX", "变更");
        change.put("BAH", number);
        change.putArray("BGSX").add("鉴定场所");
        change.put("BGRQ", bgrq);
        ((ObjectNode) change.get("BAB").get("institution")).put("address", address);
        return change;
    }

    @Test
    void aChangeAndThenACancellationUpdateTheRegisterAndAreReported() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String number = filedCase(sblsh);
        String original = caseIdOf(sblsh);

        ObjectNode change = siteChange(number, "2026-11-13", "成都市锦江区新址路8号");
        String changeSblsh = change.get("SBLSH").asText();
        String changeId = submitAndForward(change);
        assertThat(history(changeId)).as("changed 13 Nov, due by 20 Nov, received 27 Nov").contains("change-late");

        HttpResponse<String> changed = completeThenFile(changeSblsh, number, "2031-11-26");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(state(changeId)).isEqualTo("FILED");
        assertThat(state(original)).isEqualTo("CHANGED");
        assertThat(jdbc.sql("SELECT address FROM institution WHERE filing_number = ?").param(number)
                .query(String.class).single()).isEqualTo("成都市锦江区新址路8号");
        assertThat(events(number)).containsExactly("FILED", "CHANGED");
        assertThat(ministryReports(changeId)).containsExactly("CHANGED");

        ObjectNode cancel = validCase("SC-WF-ZX-" + UUID.randomUUID());
        cancel.put("YWLX", "注销");
        cancel.put("BAH", number);
        cancel.put("ZXYY", "本单位终止职业技能考核鉴定工作");
        cancel.remove("BAB");
        String cancelSblsh = cancel.get("SBLSH").asText();
        String cancelId = submitAndForward(cancel);
        assertThat(history(cancelId)).doesNotContain("change-late");

        HttpResponse<String> cancelled = completeThenFile(cancelSblsh, number, "2026-11-27");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(state(original)).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("SELECT status FROM institution WHERE filing_number = ?").param(number)
                .query(String.class).single()).isEqualTo("CANCELLED");
        assertThat(events(number)).containsExactly("FILED", "CHANGED", "CANCELLED");
        assertThat(ministryReports(cancelId)).containsExactly("CANCELLED");
    }

    @Test
    void aRevocationAfterAChangeReportsTheInstitutionAsChanged() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String number = filedCase(sblsh);
        String original = caseIdOf(sblsh);
        ObjectNode change = siteChange(number, "2026-11-25", "成都市锦江区新址路9号");
        submitAndForward(change);
        assertThat(completeThenFile(change.get("SBLSH").asText(), number, "2031-11-26").statusCode()).isEqualTo(200);
        Map<String, Object> revoked = decision(sblsh, "REVOKED");
        revoked.put("revocationCause", 2);
        revoked.put("facts", "2026年11月超范围开展鉴定");

        HttpResponse<String> answer = postDecision(revoked);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(ministryReports(original)).containsExactly("FILED", "REVOKED");
        String report = jdbc.sql("""
                SELECT r.payload FROM ministry_report m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = ? AND m.event_kind = 'REVOKED'""").param(original).query(String.class).single();
        assertThat(report).as("the institution as last reported (the change), not as first filed")
                .contains("成都市锦江区新址路9号");
    }

    @Test
    void aRevocationNamesItsCauseAndIsReported() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        String number = filedCase(sblsh);
        String caseId = caseIdOf(sblsh);
        Map<String, Object> revoked = decision(sblsh, "REVOKED");
        revoked.put("revocationCause", 2);
        revoked.put("facts", "2026年10月超范围开展鉴定，逾期未整改");

        HttpResponse<String> answer = postDecision(revoked);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("REVOKED");
        Map<String, Object> row = jdbc.sql("SELECT status, revocation_cause FROM institution WHERE filing_number = ?")
                .param(number).query().singleRow();
        assertThat(row.get("STATUS")).isEqualTo("REVOKED");
        assertThat((String) row.get("REVOCATION_CAUSE")).startsWith("五（四）2").contains("超范围鉴定");
        assertThat(ministryReports(caseId)).containsExactly("FILED", "REVOKED");

        HttpResponse<String> twice = postDecision(decision(sblsh, "MATERIALS_COMPLETE"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json.readTree(twice.body()).get("messageEn").asText()).contains("REVOKED")
                .contains("UNDER_REVIEW");
    }

    // ---------------------------------------------------------------- the edge

    @Test
    void unsignedForeignSignedTamperedAndMalformedDecisionsAreRefusedAndRecorded() throws Exception {
        String sblsh = "SC-WF-" + UUID.randomUUID();
        byte[] body = json.writeValueAsBytes(decision(sblsh, "MATERIALS_COMPLETE"));
        long before = refusals();
        long countedBefore = countedSkillsRefusals();

        HttpResponse<String> unsigned = post(body, Map.of());
        HttpResponse<String> byGateway = post(body, GATEWAY_SIGNER.sign(body).headers());
        DetachedSignature good = SKILLS_SIGNER.sign(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("MATERIALS_COMPLETE", "FILED")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tamperedAnswer = post(tampered, good.headers());
        Map<String, Object> noNumber = decision(sblsh, "FILED");
        noNumber.put("validFrom", "2026-13-01");
        HttpResponse<String> malformed = postDecision(noNumber);

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(byGateway.statusCode()).isEqualTo(403);
        assertThat(byGateway.body()).contains("signature-not-skills");
        assertThat(tamperedAnswer.statusCode()).isEqualTo(403);
        assertThat(tamperedAnswer.body()).contains("BAD_SIGNATURE");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode errors = json.readTree(malformed.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).contains("$.filingNumber", "$.validTo", "$.validFrom");
        // verified but refused (foreign signer, contract) are recorded one row each; unverified ones only counted
        assertThat(refusals() - before).isEqualTo(2);
        assertThat(countedSkillsRefusals() - countedBefore).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM skills_decision WHERE sblsh = ?").param(sblsh)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aFloodOfDecisionsWhoseSignatureDoesNotVerifyIsCountedPerMinuteNotStoredOneRowEach() throws Exception {
        byte[] body = json.writeValueAsBytes(decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE"));
        DetachedSignature good = SKILLS_SIGNER.sign(body);
        Map<String, String> unknownCert = new java.util.HashMap<>(good.headers());
        unknownCert.put(DetachedSignature.HEADER_CERTIFICATE, "0123456789abcdef");
        Map<String, String> garbled = new java.util.HashMap<>(good.headers());
        garbled.put(DetachedSignature.HEADER_SIGNATURE, "not base64!");
        long rows = refusals();
        long counted = countedSkillsRefusals();
        long buckets = jdbc.sql("SELECT COUNT(*) FROM window_refusal_count WHERE channel = 'SKILLS'")
                .query(Long.class).single();

        for (int i = 0; i < 10; i++) {
            assertThat(post(body, Map.of()).statusCode()).isEqualTo(401);
            assertThat(post(body, garbled).statusCode()).isEqualTo(401);
            HttpResponse<String> unknown = post(body, unknownCert);
            assertThat(unknown.statusCode()).isEqualTo(403);
            assertThat(unknown.body()).contains("UNKNOWN_CERTIFICATE");
        }

        assertThat(refusals()).as("no intake_refusal row per anonymous post").isEqualTo(rows);
        assertThat(countedSkillsRefusals() - counted).isEqualTo(30);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM window_refusal_count WHERE channel = 'SKILLS'")
                .query(Long.class).single() - buckets).as("one row per minute and reason").isLessThanOrEqualTo(2);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM window_refusal_count WHERE channel = 'SKILLS' AND app_id = '-'
                  AND reason_code IN ('signature-malformed', 'signature-unknown_certificate')""")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    private String incompleteCase(String sblsh) throws Exception {
        String caseId = submitAndForward(validCase(sblsh));
        Map<String, Object> incomplete = decision(sblsh, "MATERIALS_INCOMPLETE");
        incomplete.put("materials", List.of(Map.of("code", "GZZD", "name", "规章制度", "problem", "缺失")));
        assertThat(postDecision(incomplete).statusCode()).isEqualTo(200);
        return caseId;
    }

    /** A SITE_EVALUATION decision (现场技术评估) on {@code sblsh}. */
    private Map<String, Object> evaluation(String sblsh, boolean passed) {
        Map<String, Object> d = decision(sblsh, "SITE_EVALUATION");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("passed", passed);
        e.put("date", "2026-11-27");
        e.put("evaluators", List.of("李评估", "王专家"));
        e.put("remarks", passed ? "场地设备符合要求" : "操作技能考核场地通风不符合安全要求");
        d.put("evaluation", e);
        return d;
    }

    private String filedCase(String sblsh) throws Exception {
        submitAndForward(validCase(sblsh));
        assertThat(postDecision(decision(sblsh, "MATERIALS_COMPLETE")).statusCode()).isEqualTo(200);
        assertThat(postDecision(evaluation(sblsh, true)).statusCode()).isEqualTo(200);
        String number = filingNumber();
        HttpResponse<String> answer = postDecision(filedDecision(sblsh, number, "2031-11-26"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return number;
    }

    /** A FILED decision giving the institution {@code number}, valid from 27 Nov 2026 to {@code validTo}. */
    private Map<String, Object> filedDecision(String sblsh, String number, String validTo) {
        Map<String, Object> filed = decision(sblsh, "FILED");
        filed.put("filingNumber", number);
        filed.put("validFrom", "2026-11-27");
        filed.put("validTo", validTo);
        return filed;
    }

    /** Posts MATERIALS_COMPLETE (its answer unchecked) and then {@link #filedDecision}; the FILED answer. */
    private HttpResponse<String> completeThenFile(String sblsh, String number, String validTo) throws Exception {
        postDecision(decision(sblsh, "MATERIALS_COMPLETE"));
        return postDecision(filedDecision(sblsh, number, validTo));
    }

    /** A new 补正 case (its own SBLSH) for the case {@code sblsh}, not yet submitted. */
    private ObjectNode supplementTo(String sblsh) {
        ObjectNode supplement = validCase("SC-WF-BZ-" + UUID.randomUUID());
        supplement.put("YWLX", "补正");
        supplement.put("GLSBLSH", sblsh);
        return supplement;
    }

    private void noticeSent(String caseId, OffsetDateTime sentAt) {
        tx.executeWithoutResult(s -> events.publishEvent(new SupplementNoticeSent(caseId, sentAt)));
    }

    private String submitAndForward(ObjectNode filing) {
        String caseId = submitAccepted(filing);
        awaitState(caseId, "FORWARDED");
        return caseId;
    }

    private void awaitState(String caseId, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId), expected::equals);
    }

    private List<String> events(String number) {
        return jdbc.sql("SELECT event_kind FROM institution_event WHERE filing_number = ? ORDER BY event_id")
                .param(number).query(String.class).list();
    }

    private List<String> ministryReports(String caseId) {
        return jdbc.sql("""
                SELECT m.event_kind FROM ministry_report m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = ? ORDER BY r.record_id""").param(caseId).query(String.class).list();
    }

    private long countedSkillsRefusals() {
        return jdbc.sql("SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count WHERE channel = 'SKILLS'")
                .query(Long.class).single();
    }

    private long refusals() {
        return jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE channel = 'SKILLS'").query(Long.class).single();
    }

    private List<JsonNode> clocks(String sblsh) throws IOException {
        HttpResponse<String> r = client().get("/api/window/v1/cases/" + sblsh);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        json.readTree(r.body()).get("clocks").forEach(list::add);
        return list;
    }

    private JsonNode clock(String sblsh, String kind) throws IOException {
        List<JsonNode> of = clocks(sblsh).stream().filter(c -> c.get("kind").asText().equals(kind)).toList();
        assertThat(of).as(kind + " clock of " + sblsh).isNotEmpty();
        return of.get(of.size() - 1);
    }

    private static String filingNumber() {
        return "Y000051" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    private static String iso(OffsetDateTime t) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private Map<String, Object> decision(String sblsh, String kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", "D-" + UUID.randomUUID());
        d.put("SBLSH", sblsh);
        d.put("kind", kind);
        d.put("decidedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.ofInstant(movable.instant(), ZoneId.of("Asia/Shanghai"))));
        d.put("authority", cn.gov.sc.rst.filingbridge.testsupport.CompetentAuthority.of(jdbc, sblsh));
        return d;
    }

    /** Signed by the skills system, but in UTF-16: the contract is UTF-8 JSON, and the stored text must be what was signed. */
    @Test
    void aSignedDecisionInUtf16IsRefusedAsNotUtf8Json() throws Exception {
        byte[] body = json.writeValueAsString(decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_16BE);

        HttpResponse<String> answer = post(body, SKILLS_SIGNER.sign(body).headers());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid-decision").contains("UTF-8");
        byte[] withBom = ("\uFEFF" + json.writeValueAsString(decision("SC-WF-" + UUID.randomUUID(), "MATERIALS_COMPLETE")))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> bom = post(withBom, SKILLS_SIGNER.sign(withBom).headers());
        assertThat(bom.statusCode()).as("UTF-8 with a byte-order mark is read (the case is unknown): " + bom.body())
                .isEqualTo(404);
    }

    private HttpResponse<String> postDecision(Map<String, Object> decision) throws Exception {
        byte[] body = json.writeValueAsBytes(decision);
        return post(body, SKILLS_SIGNER.sign(body).headers());
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/skills/v1/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static MessageSigner signer(String name) {
        return new MessageSigner(Pkcs12.signingCredential(Path.of("certs-example", name + ".p12"),
                "demo-only".toCharArray(), name));
    }
}
