package cn.gov.sc.rst.filingbridge.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator.Mode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The operators' console in headless Chromium: a 成都 official sees only 成都's cases, a case shows its overdue clock,
 * and a parked message is replayed from the messages page and leaves it once delivered. Screenshots in
 * target/screenshots/.
 */
class ConsoleBrowserIT extends BrowserTestSupport {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Override
    protected WebDriver driver() {
        return browser.driver();
    }

    @Test
    void aChengduOfficialSeesOnlyChengdusCases() {
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String chengdu = "SC-CD-" + tag;
        String mianyang = "SC-MY-" + tag;
        insertCase(chengdu, "成都市锦江技能评价中心" + tag, "91510100MA6C" + tag.substring(0, 6), "510100",
                "成都市人力资源和社会保障局", "FORWARDED", "{}");
        insertCase(mianyang, "绵阳市涪城技能评价中心" + tag, "91510700MA6M" + tag.substring(0, 6), "510700",
                "绵阳市人力资源和社会保障局", "FORWARDED", "{}");

        login(CHENGDU, PASSWORD);

        List<WebElement> rows = driver().findElements(By.cssSelector("table#cases tr.case"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r ->
                assertThat(r.findElement(By.className("authority")).getText()).isEqualTo("成都市人力资源和社会保障局"));
        assertThat(sblshs()).contains(chengdu).doesNotContain(mianyang);
        assertThat(driver().findElement(By.id("area")).getText()).isEqualTo("510100");

        driver().findElement(By.name("q")).sendKeys(tag);
        driver().findElement(By.id("search")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver().getCurrentUrl().contains("q=" + tag));
        assertThat(sblshs()).containsExactly(chengdu);

        driver().get(url("/console/cases/" + mianyang));
        assertThat(driver().findElement(By.id("not-found")).getText()).contains("不在您的管辖范围内");
        assertThat(driver().getPageSource()).doesNotContain("绵阳市涪城技能评价中心" + tag);
        driver().get(url("/console/cases?q=" + tag));
        assertThat(sblshs()).containsExactly(chengdu);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operator_action WHERE operator_name = ? AND action = 'login'")
                .param(CHENGDU).query(Integer.class).single()).isPositive();
    }

    @Test
    void aCaseShowsItsOverdueClock() {
        String sblsh = "SC-OD-" + UUID.randomUUID().toString().substring(0, 8);
        String caseId = insertCase(sblsh, "成都市青羊技能评价中心", "91510100MA6OD0001X", "510100",
                "成都市人力资源和社会保障局", "FORWARDED",
                "{\"LXRSJ\":\"13812345678\",\"LXRXM\":\"王小红\",\"SQRZJHM\":\"510104199001011236\"}");
        // accepted Monday 16 November; 5 working days end Monday 23; today is Friday 27 November 2026: 4 days over
        jdbc.sql("""
                INSERT INTO case_clock (case_id, clock_kind, started_at, start_date, working_days, due_date, provisional)
                VALUES (?, 'COMPLETENESS', TIMESTAMP WITH TIME ZONE '2026-11-16 10:00:00+08:00', ?, 5, ?, FALSE)""")
                .params(caseId, LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 23)).update();
        jdbc.sql("""
                INSERT INTO case_event (case_id, seq, event_type, from_state, to_state, actor, reason, occurred_at)
                VALUES (?, 1, 'case-received', NULL, 'RECEIVED', 'platform:test-app', '联系人 13812345678',
                  TIMESTAMP WITH TIME ZONE '2026-11-16 10:00:00+08:00')""").param(caseId).update();
        jdbc.sql("""
                INSERT INTO skills_decision (decision_id, sblsh, case_id, decision_kind, body_sm3, body, signature_cert,
                  signature, outcome, http_status, answer, received_at)
                VALUES (?, ?, ?, 'MATERIALS_COMPLETE', ?, '{}', 'abc123', 'sig', 'APPLIED', 200, '{}',
                  TIMESTAMP WITH TIME ZONE '2026-11-17 09:00:00+08:00')""")
                .params("D-" + sblsh, sblsh, caseId, "0".repeat(64)).update();
        jdbc.sql("""
                INSERT INTO result_notice (notice_id, case_id, sblsh, style, bjjgdm, filing_number, notice_text,
                  pdf_base64, text_sig_alg, text_sig_cert, text_signature, pdf_sig_alg, pdf_sig_cert, pdf_signature,
                  issued_at)
                VALUES (?, ?, ?, 'A', '7', NULL, 'text', 'cGRm', 'SM2', 'cert-t', 's', 'SM2', 'cert-p', 's',
                  TIMESTAMP WITH TIME ZONE '2026-11-26 09:00:00+08:00')""")
                .params(UUID.randomUUID().toString(), caseId, sblsh).update();

        login(OPERATOR, OPERATOR_PASSWORD);
        driver().get(url("/console/cases?q=" + sblsh));
        WebElement row = driver().findElement(By.cssSelector("table#cases tr.case"));
        assertThat(row.getAttribute("class")).contains("overdue");
        assertThat(row.findElement(By.cssSelector(".clock.overdue")).getText()).contains("已超期 4 个工作日");

        row.findElement(By.linkText(sblsh)).click();

        WebElement clock = driver().findElement(By.cssSelector("table#clocks tr.clock"));
        assertThat(clock.getAttribute("class")).contains("overdue");
        assertThat(clock.getText()).contains("已超期").contains("2026-11-23");
        assertThat(clock.findElement(By.className("remaining")).getText()).isEqualTo("-4");
        assertThat(driver().findElement(By.cssSelector("table#events tr.event")).getText())
                .contains("case-received").contains("138****5678");
        assertThat(driver().findElement(By.cssSelector("table#decisions tr.decision")).getText())
                .contains("MATERIALS_COMPLETE").contains("签名已验证");
        assertThat(driver().findElement(By.cssSelector("table#notices tr.notice")).getText())
                .contains("不予备案").contains("SM2 cert-t").contains("SM2 cert-p");
        assertThat(driver().findElement(By.id("contact-mobile")).getText()).isEqualTo("138****5678");
        assertThat(driver().getPageSource()).doesNotContain("13812345678").doesNotContain("510104199001011236");
    }

    @Test
    void aParkedMessageIsReplayedAndLeavesTheList() throws Exception {
        SIMULATOR.mode(Mode.REJECT_422);
        String sblsh = "SC-RP-" + UUID.randomUUID();
        String caseId = submitAccepted(validCase(sblsh));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(caseId), "PARKED"::equals);
        long recordId = jdbc.sql("SELECT record_id FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId)
                .query(Long.class).single();

        login(CHENGDU, PASSWORD);
        driver().get(url("/console/messages"));
        WebElement row = driver().findElement(By.cssSelector("tr.stuck[data-record='" + recordId + "']"));
        assertThat(row.findElement(By.className("reason")).getText()).contains("HTTP 422");

        SIMULATOR.mode(Mode.OK);
        row.findElement(By.cssSelector("button.replay")).click();

        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("flash")).isEmpty());
        assertThat(driver().findElement(By.id("flash")).getText()).contains("已重新投递");
        driver().get(url("/console/actions"));
        assertThat(driver().findElement(By.id("actions")).getText()).contains("replay-delivery").contains(CHENGDU);
        driver().get(url("/console/messages"));
        waitUpTo(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("tr.stuck[data-record='" + recordId + "']")).isEmpty();
        });
        // off the list as soon as it is PENDING again; then the peer takes it
        await().atMost(Duration.ofSeconds(30)).until(() -> status(caseId), "DELIVERED"::equals);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM operator_action WHERE operator_name = ? AND action = 'replay-delivery'
                  AND target = ? AND area = '510100'""")
                .params(CHENGDU, "outbound_record " + recordId).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT actor FROM case_event WHERE case_id = ? AND event_type = 'delivery-replayed'")
                .param(caseId).query(String.class).single()).isEqualTo("operator:" + CHENGDU);
    }

    @Test
    void aMappingFailureIsReplayedByItsCityOnly() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // a real submission's payload, so that the replayed mapping runs through as it would in production
        String chengdu = insertCase("SC-MF-CD-" + tag, "成都映射失败单位", "91510100MA6MF0001X", "510100",
                "成都市人力资源和社会保障局", "RECEIVED", new String(bytes(validCase("SC-MF-CD-" + tag)),
                        java.nio.charset.StandardCharsets.UTF_8));
        String mianyang = insertCase("SC-MF-MY-" + tag, "绵阳映射失败单位", "91510700MA6MF0001X", "510700",
                "绵阳市人力资源和社会保障局", "RECEIVED", "{}");
        for (String caseId : List.of(chengdu, mianyang)) {
            jdbc.sql("""
                    INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at)
                    VALUES (?, 'BAB.assessors[1].education', '博士后', 'education: not in code table', CURRENT_TIMESTAMP)""")
                    .param(caseId).update();
        }

        login(CHENGDU, PASSWORD);
        driver().get(url("/console/messages"));
        List<String> listed = driver().findElements(By.cssSelector("table#mapping-failures tr.mapping-failure")).stream()
                .map(WebElement::getText).toList();
        assertThat(listed).anyMatch(t -> t.contains("SC-MF-CD-" + tag) && t.contains("博士后"))
                .noneMatch(t -> t.contains("SC-MF-MY-" + tag));
        driver().findElements(By.cssSelector("table#mapping-failures tr.mapping-failure")).stream()
                .filter(r -> r.getText().contains("SC-MF-CD-" + tag)).findFirst().orElseThrow()
                .findElement(By.cssSelector("button.replay")).click();

        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("flash")).isEmpty());
        assertThat(driver().findElement(By.id("flash")).getText()).contains("已重新映射");
        assertThat(jdbc.sql("SELECT actor FROM case_event WHERE case_id = ? AND event_type = 'mapping-replayed'")
                .param(chengdu).query(String.class).single()).isEqualTo("operator:" + CHENGDU);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mapping_failure WHERE case_id = ? AND resolved_at IS NULL")
                .param(mianyang).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theHealthPageShowsComponentsQueueDepthsAndTheDataFilesInUse() {
        login(OPERATOR, OPERATOR_PASSWORD);
        driver().get(url("/console/health"));

        List<String> components = driver().findElements(By.cssSelector("table#health tr.component td.name")).stream()
                .map(WebElement::getText).toList();
        assertThat(components).contains("db").as("the peers' group, kept out of the overall health")
                .contains("peers", "peers/skillsPeer");
        List<String> queues = driver().findElements(By.cssSelector("table#queues tr.queue td.name")).stream()
                .map(WebElement::getText).toList();
        assertThat(queues).contains("bridge.skills.deliveries");
        List<String> years = driver().findElements(By.cssSelector("table#calendar-years tr.calendar-year")).stream()
                .map(WebElement::getText).toList();
        assertThat(years).anyMatch(y -> y.startsWith("2026") && y.contains("国务院办公厅"));
        List<String> tables = driver().findElements(By.cssSelector("table#code-tables tr.code-table")).stream()
                .map(WebElement::getText).toList();
        assertThat(tables).anyMatch(t -> t.startsWith("education") && t.contains("GB/T 4658") && t.endsWith("随版本发布"));
    }

    private String status(String caseId) {
        return jdbc.sql("SELECT status FROM outbound_record WHERE case_id = ? AND target = 'SKILLS'").param(caseId).query(String.class)
                .optional().orElse("NONE");
    }

    private List<String> sblshs() {
        return driver().findElements(By.cssSelector("table#cases tr.case td.sblsh")).stream()
                .map(WebElement::getText).toList();
    }
}
