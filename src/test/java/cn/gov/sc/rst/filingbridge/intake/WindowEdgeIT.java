package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The REST window's edge: authentication, hostile and odd input, charsets, idempotency. Happy and failing side by side. */
@ExtendWith(OutputCaptureExtension.class)
class WindowEdgeIT extends WindowTestSupport {

    private static final String CASES = "/api/window/v1/cases";

    private String unique() {
        return "SC-" + UUID.randomUUID();
    }

    private JsonNode problem(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        return json.readTree(response.body());
    }

    private String firstRule(HttpResponse<String> response) throws Exception {
        return problem(response).get("violations").get(0).get("rule").asText();
    }

    private String firstField(HttpResponse<String> response) throws Exception {
        return problem(response).get("violations").get(0).get("field").asText();
    }

    @Test
    void aSignedValidCaseGetsAReceiptAndItsHistory() throws Exception {
        String sblsh = unique();
        HttpResponse<String> response = client().postCase(bytes(validCase(sblsh)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.get("SBLSH").asText()).isEqualTo(sblsh);
        assertThat(receipt.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(receipt.get("receivedAt").asText()).startsWith("2026-11-27T10:00");

        HttpResponse<String> view = client().get(CASES + "/" + sblsh);
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode history = json.readTree(view.body()).get("history");
        assertThat(history).as("received first; the mapping and the platform's acknowledgement may have added theirs")
                .isNotEmpty();
        assertThat(history.get(0).get("type").asText()).isEqualTo("case-received");
        assertThat(history.get(0).get("actor").asText()).isEqualTo("platform:" + WindowClient.APP_ID);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox o JOIN filing_case c ON o.case_id = c.case_id WHERE c.sblsh = ?"
                + " AND o.destination = 'bridge.cases.accepted'")
                .param(sblsh).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnknownCaseIs404() throws Exception {
        HttpResponse<String> response = client().get(CASES + "/SC-NEVER-SENT");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(firstRule(response)).isEqualTo("not-found");
    }

    @Test
    void theSameCaseTwiceGetsTheSameReceiptAndIsStoredOnce() throws Exception {
        String sblsh = unique();
        byte[] body = bytes(validCase(sblsh));
        HttpResponse<String> first = client().postCase(body);
        HttpResponse<String> second = client().postCase(body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json.readTree(second.body())).isEqualTo(json.readTree(first.body()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theSameSblshWithOtherContentIsAConflict() throws Exception {
        String sblsh = unique();
        assertThat(client().postCase(bytes(validCase(sblsh))).statusCode()).isEqualTo(200);
        ObjectNode changed = validCase(sblsh);
        changed.put("LXRXM", "另一位联系人");
        HttpResponse<String> response = client().postCase(bytes(changed));
        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode violation = problem(response).get("violations").get(0);
        assertThat(violation.get("messageZh").asText()).contains(sblsh).contains("不一致");
        assertThat(violation.get("messageEn").asText()).contains("different content");
    }

    @Test
    void aSupplementToAnOpenCaseIsAccepted() throws Exception {
        String original = unique();
        assertThat(client().postCase(bytes(validCase(original))).statusCode()).isEqualTo(200);
        ObjectNode supplement = validCase(unique());
        supplement.put("YWLX", "补正");
        supplement.put("GLSBLSH", original);
        HttpResponse<String> response = client().postCase(bytes(supplement));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void unsignedUnknownStaleAndTamperedCallsAre401() throws Exception {
        byte[] body = bytes(validCase(unique()));
        String now = String.valueOf(clock.millis());
        WindowClient c = client();
        HttpResponse<String> wrongSecret = c.send(c.signed("POST", CASES, body, "not-the-secret", now, "n-" + UUID.randomUUID())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        String stale = String.valueOf(clock.millis() - 6 * 60 * 1000);
        HttpResponse<String> staleCall = c.send(c.signed("POST", CASES, body, WindowClient.SECRET, stale, "n-" + UUID.randomUUID())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        byte[] tampered = bytes(validCase(unique()));
        HttpResponse<String> tamperedCall = c.send(c.signed("POST", CASES, body, WindowClient.SECRET, now, "n-" + UUID.randomUUID())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build());
        HttpResponse<String> unknownApp = c.send(c.signed("POST", CASES, body, WindowClient.SECRET, now, "n-" + UUID.randomUUID())
                .setHeader(WindowSignature.APP_ID, "someone-else")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(firstRule(wrongSecret)).isEqualTo("auth:signature");
        assertThat(staleCall.statusCode()).isEqualTo(401);
        assertThat(firstRule(staleCall)).isEqualTo("auth:timestamp");
        assertThat(tamperedCall.statusCode()).isEqualTo(401);
        assertThat(firstRule(tamperedCall)).isEqualTo("auth:signature");
        assertThat(unknownApp.statusCode()).isEqualTo(401);
        assertThat(firstRule(unknownApp)).isEqualTo("auth:unknown-app");
        // each refusal names the header at fault
        assertThat(firstField(wrongSecret)).isEqualTo("X-App-Signature");
        assertThat(firstField(staleCall)).isEqualTo("X-Timestamp");
        assertThat(firstField(tamperedCall)).isEqualTo("X-App-Signature");
        assertThat(firstField(unknownApp)).isEqualTo("X-App-Id");
        HttpResponse<String> badNonce = c.send(c.signed("POST", CASES, body, WindowClient.SECRET, now, "n".repeat(129))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(badNonce.statusCode()).isEqualTo(401);
        assertThat(firstRule(badNonce)).isEqualTo("auth:nonce");
        assertThat(firstField(badNonce)).isEqualTo("X-Nonce");
        HttpResponse<String> badForm = c.send(c.signed("POST", CASES, body, WindowClient.SECRET, now, "n-" + UUID.randomUUID())
                .setHeader(WindowSignature.SIGNATURE, "not-hex")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(firstRule(badForm)).isEqualTo("auth:signature-form");
        assertThat(firstField(badForm)).isEqualTo("X-App-Signature");
    }

    @Test
    void aReplayedNonceIsRefused() throws Exception {
        byte[] body = bytes(validCase(unique()));
        WindowClient c = client();
        HttpRequest request = c.signed("POST", CASES, body, WindowClient.SECRET, String.valueOf(clock.millis()), "fixed-nonce-1")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertThat(c.send(request).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = c.send(request);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(firstRule(replay)).isEqualTo("auth:nonce-reused");
        assertThat(firstField(replay)).isEqualTo("X-Nonce");
    }

    @Test
    void malformedJsonIs400WithWhere() throws Exception {
        HttpResponse<String> response = client().postCase("{\"SBLSH\": \"x\",".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode v = problem(response).get("violations").get(0);
        assertThat(v.get("rule").asText()).isEqualTo("malformed");
        assertThat(v.get("messageEn").asText()).contains("line 1");
    }

    @Test
    void deepNestingIs400NotAStackOverflow() throws Exception {
        String deep = "{\"SBLSH\":\"x\",\"BAB\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        HttpResponse<String> response = client().postCase(deep.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(firstRule(response)).isEqualTo("malformed");
    }

    @Test
    void duplicateKeysAre400() throws Exception {
        HttpResponse<String> response = client().postCase(
                "{\"SBLSH\":\"a\",\"SBLSH\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(firstRule(response)).isEqualTo("malformed");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() throws Exception {
        HttpResponse<String> response = client().postCase("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void theWrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = client().post(CASES, bytes(validCase(unique())), "text/plain");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(firstRule(response)).isEqualTo("media-type");
    }

    @Test
    void anUnacceptedCharsetIs415() throws Exception {
        HttpResponse<String> response = client().post(CASES, bytes(validCase(unique())), "application/json; charset=Big5");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(firstRule(response)).isEqualTo("encoding");
    }

    @Test
    void gbkAndGb18030DeclaredInTheCharsetAreDecoded() throws Exception {
        // gb2312 and x-gbk: labels Chinese systems put on GBK text (WHATWG maps them to GBK)
        for (String charset : new String[] {"GBK", "GB18030", "gb2312", "x-gbk"}) {
            String sblsh = unique();
            byte[] body = json.writeValueAsString(validCase(sblsh))
                    .getBytes(Charset.forName(charset.equals("GB18030") ? "GB18030" : "GBK"));
            HttpResponse<String> response = client().post(CASES, body, "application/json; charset=" + charset);
            assertThat(response.statusCode()).as(charset + ": " + response.body()).isEqualTo(200);
            String stored = jdbc.sql("SELECT payload FROM filing_case WHERE sblsh = ?").param(sblsh).query(String.class).single();
            assertThat(json.readTree(stored).get("BAB").get("institution").get("name").asText())
                    .isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
        }
    }

    @Test
    void undeclaredGbkIsRefusedNotGarbled() throws Exception {
        long before = count("filing_case");
        byte[] gbk = json.writeValueAsString(validCase(unique())).getBytes(Charset.forName("GBK"));
        HttpResponse<String> response = client().postCase(gbk);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(firstRule(response)).isEqualTo("encoding");
        assertThat(count("filing_case")).isEqualTo(before);
    }

    @Test
    void aNulOrALoneSurrogateInAnyTextIs400ByFieldAndRecorded() throws Exception {
        // JSON carries them as escapes; PostgreSQL takes no NUL, and a lone surrogate would be stored as '?'
        String sblsh = unique();
        ObjectNode filing = validCase(sblsh);
        filing.put("SQRMC", "成都市示范\u0000职业技术学校");
        ((ObjectNode) filing.get("BAB").get("applicant")).put("fullName", "成都市示范\u0000职业技术学校");
        ((ObjectNode) filing.get("BAB").get("institution")).put("address", "成都市\ud800武侯区");
        long cases = count("filing_case");
        long refusals = count("intake_refusal");

        HttpResponse<String> response = client().postCase(bytes(filing));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violations = problem(response).get("violations");
        assertThat(violations.findValuesAsText("field"))
                .contains("SQRMC", "BAB.applicant.fullName", "BAB.institution.address");
        assertThat(violations.findValuesAsText("rule")).containsOnly("text-chars");
        assertThat(violations.get(0).get("messageZh").asText()).contains("控制字符");
        assertThat(violations.get(0).get("messageEn").asText()).contains("control characters");
        assertThat(count("filing_case")).isEqualTo(cases);
        assertThat(count("intake_refusal")).as("the refusal is recorded").isEqualTo(refusals + 1);
    }

    @Test
    void aNumberBeyondWhatTheGatewayHoldsIs400ByFieldInBothLanguages() throws Exception {
        ObjectNode filing = validCase(unique());
        ((ObjectNode) filing.get("BAB").get("office")).put("rooms", 3_000_000_000L);

        HttpResponse<String> response = client().postCase(bytes(filing));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(firstField(response)).isEqualTo("BAB.office.rooms");
        assertThat(firstRule(response)).isEqualTo("range");
        JsonNode v = problem(response).get("violations").get(0);
        assertThat(v.get("messageZh").asText()).contains("数值范围");
        assertThat(v.get("messageEn").asText()).contains("numbers the gateway can hold").doesNotContain("3000000000");
    }

    @Test
    void aNameOverTwoLinesIs400() throws Exception {
        ObjectNode filing = validCase(unique());
        filing.put("SQRMC", "成都市示范\t职业技术学校");
        ((ObjectNode) filing.get("BAB").get("applicant")).put("fullName", "成都市示范\t职业技术学校");
        ((ObjectNode) filing.get("BAB").get("institution")).put("directorName", "张\n三");

        HttpResponse<String> response = client().postCase(bytes(filing));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violations = problem(response).get("violations");
        assertThat(violations).filteredOn(v -> v.get("rule").asText().equals("one-line"))
                .extracting(v -> v.get("field").asText())
                .contains("SQRMC", "BAB.applicant.fullName", "BAB.institution.directorName");
    }

    @Test
    void anOversizeBodyIs413AndRecorded() throws Exception {
        long refusals = jdbc.sql("SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count WHERE reason_code = 'too-large'").query(Long.class).single();
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> response = client().postCase(huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(jdbc.sql("SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count WHERE reason_code = 'too-large'").query(Long.class).single())
                .isEqualTo(refusals + 1);
    }

    @Test
    void theContractIsServedWithoutSignature() throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/window/v1/openapi.yaml")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("openapi: 3.1.0").contains("申办流水号");
    }

    @Test
    void personalDataIsMaskedInLogsAndTheSblshIsInTheLoggingContext(CapturedOutput output) throws Exception {
        String sblsh = unique();
        ObjectNode bad = validCase(sblsh);
        bad.put("LXRSJ", "13812345678x");
        client().postCase(bytes(bad));
        org.slf4j.LoggerFactory.getLogger("test").info("contact 13812345678 id 510104198001011236");
        assertThat(output.getOut()).contains("138****5678").contains("510104**********36")
                .doesNotContain("13812345678").doesNotContain("510104198001011236");
        assertThat(output.getOut()).contains("[SBLSH=" + sblsh + "] case refused at the REST window: 400 contract");
    }
}
