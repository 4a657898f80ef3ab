package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Apps own their cases: with two configured apps, an app reads (REST GET, SOAP GetCase) and supplements (补正 via
 * GLSBLSH) only the cases it submitted. Another app's case is answered exactly as an unknown one.
 */
class AppOwnershipIT extends WindowTestSupport {

    private static String unique() {
        return "SC-OWN-" + UUID.randomUUID();
    }

    private HttpResponse<String> soapGetCase(WindowClient as, String secret, String sblsh) {
        byte[] body = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<w:GetCase xmlns:w=\"http://rst.sc.gov.cn/filing/window/v1\"><w:SBLSH>" + sblsh
                + "</w:SBLSH></w:GetCase></soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
        return as.send(as.signed("POST", SoapWindowClient.PATH, body, secret, String.valueOf(clock.millis()),
                        UUID.randomUUID().toString())
                .header("SOAPAction", "\"\"").header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private ObjectNode supplementOf(String related) {
        ObjectNode supplement = validCase(unique());
        supplement.put("YWLX", "补正");
        supplement.put("GLSBLSH", related);
        return supplement;
    }

    @Test
    void anotherAppsCaseIsA404ExactlyLikeAnUnknownCaseOverRest() throws Exception {
        Submitted own = submitValidCase("SC-OWN-");
        String unknown = unique();

        HttpResponse<String> byOwner = client().get("/api/window/v1/cases/" + own.sblsh());
        HttpResponse<String> byOther = otherAppClient().get("/api/window/v1/cases/" + own.sblsh());
        HttpResponse<String> unknownByOther = otherAppClient().get("/api/window/v1/cases/" + unknown);

        assertThat(byOwner.statusCode()).isEqualTo(200);
        assertThat(json.readTree(byOwner.body()).get("caseId").asText()).isEqualTo(own.caseId());
        assertThat(byOther.statusCode()).as(byOther.body()).isEqualTo(404);
        assertThat(byOther.body()).doesNotContain(own.caseId());
        assertThat(json.readTree(byOther.body())).isEqualTo(json.readTree(unknownByOther.body()));
        assertThat(byOther.headers().firstValue("Content-Type"))
                .isEqualTo(unknownByOther.headers().firstValue("Content-Type"));
    }

    @Test
    void anotherAppsCaseIsTheNotFoundFaultOfAnUnknownCaseOverSoap() {
        Submitted own = submitValidCase("SC-OWN-");
        String unknown = unique();
        WindowClient other = otherAppClient();

        HttpResponse<String> byOwner = soapGetCase(client(), WindowClient.SECRET, own.sblsh());
        HttpResponse<String> byOther = soapGetCase(other, WindowClient.OTHER_SECRET, own.sblsh());
        HttpResponse<String> unknownByOther = soapGetCase(other, WindowClient.OTHER_SECRET, unknown);

        assertThat(byOwner.statusCode()).isEqualTo(200);
        assertThat(byOwner.body()).contains(own.caseId());
        assertThat(byOther.statusCode()).as(byOther.body()).isEqualTo(unknownByOther.statusCode());
        assertThat(byOther.body()).contains("NotFoundFault").doesNotContain(own.caseId());
        assertThat(byOther.body().replace(own.sblsh(), "{SBLSH}"))
                .isEqualTo(unknownByOther.body().replace(unknown, "{SBLSH}"));
    }

    @Test
    void aSupplementToAnotherAppsCaseGetsTheSame400AsOneToAnUnknownCase() throws Exception {
        Submitted own = submitValidCase("SC-OWN-");

        HttpResponse<String> byOwner = client().postCase(bytes(supplementOf(own.sblsh())));
        HttpResponse<String> byOther = otherAppClient().postCase(bytes(supplementOf(own.sblsh())));
        HttpResponse<String> toUnknown = otherAppClient().postCase(bytes(supplementOf(unique())));

        assertThat(byOwner.statusCode()).as(byOwner.body()).isEqualTo(200);
        assertThat(byOther.statusCode()).as(byOther.body()).isEqualTo(400);
        JsonNode violations = json.readTree(byOther.body()).get("violations");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).get("field").asText()).isEqualTo("GLSBLSH");
        assertThat(violations.get(0).get("rule").asText()).isEqualTo(Rule.RELATED_CASE.code());
        assertThat(json.readTree(byOther.body())).isEqualTo(json.readTree(toUnknown.body()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE related_sblsh = ? AND app_id = ?")
                .param(own.sblsh()).param(WindowClient.OTHER_APP_ID).query(Long.class).single()).isZero();
    }

    @Test
    void anotherAppSendingTheSameSblshAndContentGetsAConflictNotTheOwnersReceipt() throws Exception {
        ObjectNode filing = validCase(unique());
        String caseId = submitAccepted(filing);

        HttpResponse<String> byOther = otherAppClient().postCase(bytes(filing));

        assertThat(byOther.statusCode()).as(byOther.body()).isEqualTo(409);
        assertThat(byOther.body()).doesNotContain(caseId).contains("already taken")
                .as("the content is the same: the answer does not claim otherwise").doesNotContain("different content");
        assertThat(jdbc.sql("SELECT app_id FROM filing_case WHERE case_id = ?").param(caseId).query(String.class)
                .single()).isEqualTo(WindowClient.APP_ID);
    }
}
