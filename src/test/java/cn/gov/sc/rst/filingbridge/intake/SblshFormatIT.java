package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.signing.Sm3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An SBLSH (and a 补正's GLSBLSH) is letters, digits, '-' and '_', 1 to 64 characters, at both edges: anything else is
 * a 400 naming the field with rule sblsh-format, recorded like any other refusal, and never becomes a case.
 */
class SblshFormatIT extends WindowTestSupport {

    private static final String FIXTURE_SBLSH = "<w:SBLSH>SC20261127000001</w:SBLSH>";
    private static final String INJECTION = "x' OR '1'='1";

    private static String unique() {
        return "SC-FMT-" + UUID.randomUUID();
    }

    private JsonNode onlyViolation(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode violations = json.readTree(response.body()).get("violations");
        assertThat(violations).as(response.body()).hasSize(1);
        return violations.get(0);
    }

    private List<String> refusalReasonsOfBody(byte[] body) {
        return jdbc.sql("SELECT reason_code || ':' || app_id || ':' || COALESCE(sblsh, '-') FROM intake_refusal"
                + " WHERE body_sm3 = ?").param(Sm3.hex(body)).query(String.class).list();
    }

    private long casesLike(String prefix) {
        return jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh LIKE ?").param(prefix + "%")
                .query(Long.class).single();
    }

    @ParameterizedTest
    @ValueSource(strings = {INJECTION, "SC/2026/1", "SC.1", "申办001", "SC1\n2026-11-27 ERROR forged", " SC1"})
    void aRestSubmissionWhoseSblshIsNotLettersDigitsDashOrUnderscoreIs400SblshFormat(String sblsh) throws Exception {
        byte[] body = bytes(validCase(sblsh));

        HttpResponse<String> response = client().postCase(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violation = onlyViolation(response);
        assertThat(violation.get("field").asText()).isEqualTo("SBLSH");
        assertThat(violation.get("rule").asText()).isEqualTo("sblsh-format");
        assertThat(violation.get("messageZh").asText()).isEqualTo(Rule.SBLSH_FORMAT.zh());
        assertThat(violation.get("messageEn").asText()).isEqualTo(Rule.SBLSH_FORMAT.en());
        assertThat(refusalReasonsOfBody(body)).as("recorded, without the malformed value as its key")
                .containsExactly("contract:" + WindowClient.APP_ID + ":-");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aSupplementWhoseGlsblshIsMalformedIs400SblshFormatNamingGlsblsh() throws Exception {
        String sblsh = unique();
        ObjectNode supplement = validCase(sblsh);
        supplement.put("YWLX", "补正");
        supplement.put("GLSBLSH", INJECTION);
        byte[] body = bytes(supplement);

        HttpResponse<String> response = client().postCase(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violation = onlyViolation(response);
        assertThat(violation.get("field").asText()).isEqualTo("GLSBLSH");
        assertThat(violation.get("rule").asText()).isEqualTo("sblsh-format");
        assertThat(refusalReasonsOfBody(body)).containsExactly("contract:" + WindowClient.APP_ID + ":" + sblsh);
        assertThat(casesLike(sblsh)).isZero();
    }

    @Test
    void theLongestAllowedSblshIsTakenAndOneCharacterMoreIsNot() throws Exception {
        String longest = ("SC-FMT_" + UUID.randomUUID().toString().replace("-", "") + "x".repeat(64)).substring(0, 64);

        assertThat(client().postCase(bytes(validCase(longest))).statusCode()).isEqualTo(200);
        HttpResponse<String> tooLong = client().postCase(bytes(validCase(longest + "y")));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(onlyViolation(tooLong).get("rule").asText()).as("length is part of the format")
                .isEqualTo("sblsh-format");
        assertThat(client().get("/api/window/v1/cases/" + longest).statusCode()).isEqualTo(200);
    }

    @Test
    void aSoapSblshOneCharacterTooLongIsSblshFormatToo() {
        String tooLong = "SC-FMT-" + "x".repeat(58);
        byte[] body = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)
                .replace(FIXTURE_SBLSH, "<w:SBLSH>" + tooLong + "</w:SBLSH>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = new SoapWindowClient("http://localhost:" + port, clock)
                .post(body, "text/xml; charset=UTF-8");

        assertThat(tooLong).hasSize(65);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        SoapWindowIT.WireFault fault = SoapWindowIT.WireFault.of(response.body());
        assertThat(fault.fields()).containsExactly("SBLSH");
        assertThat(fault.rules()).containsExactly("sblsh-format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x'%20OR%20'1'='1", "SC.1", "%E7%94%B3%E5%8A%9E001", "SC1%20"})
    void aRestReadWhoseSblshIsMalformedIs400SblshFormatAndRecorded(String pathSblsh) throws Exception {
        long before = jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE reason_code = 'sblsh-format'")
                .query(Long.class).single();

        HttpResponse<String> response = client().get("/api/window/v1/cases/" + pathSblsh);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode violation = onlyViolation(response);
        assertThat(violation.get("field").asText()).isEqualTo("SBLSH");
        assertThat(violation.get("rule").asText()).isEqualTo("sblsh-format");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE reason_code = 'sblsh-format' AND app_id = ?")
                .param(WindowClient.APP_ID).query(Long.class).single()).isEqualTo(before + 1);
    }

    @Test
    void aSoapSubmissionWhoseSblshIsMalformedIsAClientFaultNamingSblshWithRuleSblshFormat() {
        String text = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
        assertThat(text).contains(FIXTURE_SBLSH);
        byte[] body = text.replace(FIXTURE_SBLSH, "<w:SBLSH>" + INJECTION + "</w:SBLSH>")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = new SoapWindowClient("http://localhost:" + port, clock)
                .post(body, "text/xml; charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        SoapWindowIT.WireFault fault = SoapWindowIT.WireFault.of(response.body());
        assertThat(fault.code()).isEqualTo("soap:Client");
        assertThat(fault.fields()).containsExactly("SBLSH");
        assertThat(fault.rules()).containsExactly("sblsh-format");
        assertThat(refusalReasonsOfBody(body)).containsExactly("schema:" + WindowClient.APP_ID + ":-");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(INJECTION).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aSoapGetCaseWhoseSblshIsMalformedIsAClientFaultNamingSblshAndRecorded() {
        byte[] body = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<w:GetCase xmlns:w=\"http://rst.sc.gov.cn/filing/window/v1\"><w:SBLSH>" + INJECTION
                + "</w:SBLSH></w:GetCase></soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = new SoapWindowClient("http://localhost:" + port, clock)
                .post(body, "text/xml; charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        SoapWindowIT.WireFault fault = SoapWindowIT.WireFault.of(response.body());
        assertThat(fault.code()).isEqualTo("soap:Client");
        assertThat(fault.fields()).containsExactly("SBLSH");
        assertThat(fault.rules()).containsExactly("sblsh-format");
        assertThat(refusalReasonsOfBody(body)).containsExactly("schema:" + WindowClient.APP_ID + ":-");
    }
}
