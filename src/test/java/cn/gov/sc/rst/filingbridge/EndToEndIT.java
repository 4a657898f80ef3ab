package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.SignatureFormat;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One case through the whole procedure with every peer a real HTTP/SOAP server: the platform pushes a 设立备案 through
 * the signed window; the skills system receives the signed record (the case is forwarded) and answers that materials
 * are missing; the platform gets the one-time notice listing them and the SMS request, and its SMS time starts the
 * supplement clock; the platform pushes the 补正; the case is back under review; the skills system finds the materials
 * complete and files the institution; the platform gets BJJGDM 6 with 样式（一） (exact text, a PDF whose extracted text is
 * that text, both SM2-signed by the gateway); the ministry gets the signed filing report and its receipt is stored; the
 * public directory shows the institution.
 */
class EndToEndIT extends WindowTestSupport {

    static final Path DATA_DIR = DataDirs.fresh("bridge-e2e-it-");
    static final SkillsSimulator SKILLS = Peers.skills();
    static final MinistrySimulator MINISTRY = Peers.ministry(Clock.systemUTC());
    /** The platform signs its window calls with the gateway's current time (the window allows ±5 minutes). */
    static final PlatformSimulator PLATFORM = Peers.platform(Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")));
    static final MessageSigner SKILLS_SIGNER = new MessageSigner(Pkcs12.signingCredential(
            Path.of("certs-example", "skills.p12"), "demo-only".toCharArray(), "skills"));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    MessageVerifier verifier;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SKILLS::baseUrl);
        registry.add("bridge.ministry.address", MINISTRY::address);
        registry.add("bridge.platform.base-url", PLATFORM::baseUrl);
        registry.add("bridge.directory.public-url", () -> "https://rst.sc.gov.cn/directory");
    }

    @AfterAll
    static void stopPeers() {
        SKILLS.close();
        MINISTRY.close();
        PLATFORM.close();
    }

    @Test
    void aCaseGoesInIsSupplementedFiledNoticedReportedAndPublished() throws Exception {
        SKILLS.requireSignatures((body, header) -> verifier.verify(body, DetachedSignature.fromHeaders(header))
                .subject());
        PLATFORM.requireSignatures((body, header) -> verifier.verify(body, DetachedSignature.fromHeaders(header))
                .subject());
        PLATFORM.window("http://localhost:" + port, "test-app", "test-secret-please-change");
        String sblsh = "SC-E2E-" + UUID.randomUUID();

        // in: the window's receipt, then the signed skills record (forwarded) and the acceptance at the platform
        HttpResponse<String> receipt = client().postCase(bytes(validCase(sblsh)));
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        String caseId = json.readTree(receipt.body()).get("caseId").asText();
        awaitState(caseId, "FORWARDED");
        assertThat(SKILLS.keys()).anyMatch(k -> k.startsWith(caseId));
        await().atMost(Duration.ofSeconds(30)).until(() -> PLATFORM.feedback(sblsh).size() >= 1);
        assertThat(PLATFORM.feedback(sblsh).get(0).get("SLZTDM").asText()).isEqualTo("1");

        // incomplete: every missing material at once, 5 working days (G), then the SMS whose time starts the clock
        Map<String, Object> incomplete = decision(sblsh, "MATERIALS_INCOMPLETE");
        incomplete.put("materials", List.of(
                Map.of("code", "GZZD", "name", "规章制度", "problem", "缺少考务管理制度"),
                Map.of("code", "AQXF-YJYA", "name", "安全消防应急预案", "problem", "未加盖公章")));
        assertThat(postDecision(incomplete).statusCode()).isEqualTo(200);
        awaitState(caseId, "SUPPLEMENT_REQUESTED");
        JsonNode notice = PLATFORM.feedback(sblsh).stream().filter(f -> f.has("SPBUZHENGGAOZHI")).findFirst()
                .orElseThrow().get("SPBUZHENGGAOZHI");
        assertThat(notice.get("BZSX").asInt()).isEqualTo(5);
        assertThat(notice.get("BZSXDW").asText()).isEqualTo("G");
        assertThat(notice.get("BZCLQD").findValuesAsText("CLBM")).containsExactly("GZZD", "AQXF-YJYA");
        JsonNode sms = PLATFORM.smsRequests(sblsh).get(0);
        assertThat(sms.get("LXRSJ").asText()).isEqualTo("13812345678");
        assertThat(sms.toString()).contains("规章制度", "安全消防应急预案", "5");
        assertThat(sms.get("text").asText()).as("the SMS speaks for the case's competent authority (issue 11)")
                .startsWith("【成都市人力资源和社会保障局】");
        assertThat(history(caseId)).contains("sms-sent");
        assertThat(clock(sblsh, "SUPPLEMENT").get("dueDate").asText()).as("SMS Fri 27 Nov 10:00 + 5 working days")
                .isEqualTo("2026-12-04");

        // the platform pushes the 补正: the clock stops, the case goes back under review once it is forwarded
        PlatformSimulator.Pushed pushed = PLATFORM.pushSupplement(sblsh, new PlatformSimulator.Applicant(
                "成都市示范职业技术学校", "12510000450716123C", "王小红", "13812345678", "510104"));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        awaitState(caseId, "UNDER_REVIEW");
        assertThat(clock(sblsh, "SUPPLEMENT").get("stoppedAt").isNull()).isFalse();

        // complete, then filed
        assertThat(postDecision(decision(sblsh, "MATERIALS_COMPLETE")).statusCode()).isEqualTo(200);
        assertThat(clock(sblsh, "FILING").get("dueDate").asText()).isEqualTo("2026-12-18");
        Map<String, Object> evaluated = decision(sblsh, "SITE_EVALUATION");
        evaluated.put("evaluation", Map.of("passed", true, "date", "2026-11-27", "evaluators", List.of("李评估")));
        assertThat(postDecision(evaluated).statusCode()).as("现场技术评估合格").isEqualTo(200);
        Map<String, Object> filed = decision(sblsh, "FILED");
        filed.put("filingNumber", "Y000051010099");
        filed.put("validFrom", "2026-11-27");
        filed.put("validTo", "2029-11-26");
        HttpResponse<String> filedAnswer = postDecision(filed);
        assertThat(filedAnswer.statusCode()).as(filedAnswer.body()).isEqualTo(200);
        assertThat(state(caseId)).isEqualTo("FILED");

        // 样式（一） at the platform: exact text, the PDF says the same, both signed by the gateway
        String authority = jdbc.sql("SELECT authority_name FROM filing_case WHERE case_id = ?").param(caseId)
                .query(String.class).single();
        await().atMost(Duration.ofSeconds(30)).until(() -> !PLATFORM.notices(sblsh).isEmpty());
        JsonNode completion = PLATFORM.feedback(sblsh).stream().filter(f -> f.has("BJJGDM")).findFirst().orElseThrow();
        assertThat(completion.get("BJJGDM").asText()).isEqualTo("6");
        assertThat(completion.get("BAH").asText()).isEqualTo("Y000051010099");
        JsonNode resultNotice = PLATFORM.notices(sblsh).get(0);
        String expected = "职业技能考核鉴定机构设立备案办理结果告知书\n\n成都市示范职业技术学校：\n"
                + "你单位报来的职业技能考核鉴定机构设立备案材料收悉。经审查，你单位符合职业技能考核鉴定机构备案设立条件并已备案。"
                + "备案结果公布于https://rst.sc.gov.cn/directory上。\n\n" + authority + "\n2026年11月27日\n";
        assertThat(resultNotice.get("style").asText()).isEqualTo("样式（一）");
        assertThat(resultNotice.get("text").asText()).isEqualTo(expected);
        byte[] pdf = Base64.getDecoder().decode(resultNotice.get("pdfBase64").asText());
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s", ""))
                    .isEqualTo(expected.replaceAll("\\s", ""));
        }
        verifier.verify(expected.getBytes(StandardCharsets.UTF_8), signature(resultNotice.get("textSignature")),
                SignatureFormat.DER);
        verifier.verify(pdf, signature(resultNotice.get("pdfSignature")), SignatureFormat.DER);

        // the ministry got the signed report and its signed receipt is stored
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                SELECT COUNT(*) FROM ministry_receipt m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = ?""").param(caseId).query(Integer.class).single() == 1);
        String reportId = jdbc.sql("""
                SELECT m.report_id FROM ministry_report m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = ? AND m.event_kind = 'FILED'""").param(caseId).query(String.class).single();
        assertThat(MINISTRY.report(reportId)).isPresent();
        assertThat(MINISTRY.arrivals(reportId)).isEqualTo(1);

        // the public directory shows it, without personal data
        HttpResponse<String> directory = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/public/v1/institutions?area=5101&size=200")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(directory.statusCode()).isEqualTo(200);
        assertThat(directory.body()).contains("Y000051010099").doesNotContain("13812345678");
        assertThat(history(caseId)).containsSubsequence("case-received", "forwarded", "materials-incomplete",
                "supplement-requested", "supplemented", "supplement-forwarded", "filed");
    }

    private static DetachedSignature signature(JsonNode s) throws Exception {
        return DetachedSignature.fromFields(s.get("alg").asText(), s.get("cert").asText(), s.get("value").asText());
    }

    private Map<String, Object> decision(String sblsh, String kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", "D-" + UUID.randomUUID());
        d.put("SBLSH", sblsh);
        d.put("kind", kind);
        d.put("decidedAt", "2026-11-27T10:00:00+08:00");
        d.put("authority", cn.gov.sc.rst.filingbridge.testsupport.CompetentAuthority.of(jdbc, sblsh));
        return d;
    }

    private HttpResponse<String> postDecision(Map<String, Object> decision) throws Exception {
        byte[] body = json.writeValueAsBytes(decision);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/skills/v1/decisions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SKILLS_SIGNER.sign(body).headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode clock(String sblsh, String kind) throws IOException {
        HttpResponse<String> r = client().get("/api/window/v1/cases/" + sblsh);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode last = null;
        for (JsonNode c : json.readTree(r.body()).get("clocks")) {
            if (c.get("kind").asText().equals(kind)) {
                last = c;
            }
        }
        assertThat(last).as(kind + " clock of " + sblsh).isNotNull();
        return last;
    }

    private void awaitState(String caseId, String expected) {
        await().atMost(Duration.ofSeconds(60)).until(() -> state(caseId), expected::equals);
    }
}
