package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseQueryType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseViewType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ConflictFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MissingMaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.NotFoundFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowPortType;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The SOAP window end to end against the whole gateway: the signature guard, the CXF endpoint, the route, the real
 * intake service and its store. A JAX-WS client generated from window-v1.wsdl signs as the platform signs; raw
 * requests carry what no well-behaved client sends.
 */
@ExtendWith(OutputCaptureExtension.class)
class SoapWindowIT extends WindowTestSupport {

    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final String FIXTURE_SBLSH = "<w:SBLSH>SC20261127000001</w:SBLSH>";
    private static final String UTF8_XML = "text/xml; charset=UTF-8";

    @Autowired
    CamelContext camel;

    private SoapWindowClient soap;
    private WindowPortType window;

    @BeforeEach
    void soapClient() {
        soap = new SoapWindowClient("http://localhost:" + port, clock);
        window = soap.port();
    }

    private static String unique() {
        return "SOAP-" + UUID.randomUUID();
    }

    /** The SOAP fixture as the generated types hold it, under the given SBLSH. */
    private static FilingCaseType fixtureCase(String sblsh) {
        FilingCaseType c = new WindowCodec().read(SoapFixtures.payload(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)),
                FilingCaseType.class).value();
        c.setSBLSH(sblsh);
        return c;
    }

    /** The SOAP fixture's text under the given SBLSH. */
    private static String envelope(String sblsh) {
        String text = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
        assertThat(text).contains(FIXTURE_SBLSH);
        return text.replace(FIXTURE_SBLSH, "<w:SBLSH>" + sblsh + "</w:SBLSH>");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private FilingCase asCase(JsonNode node) throws IOException {
        return json.treeToValue(node, FilingCase.class);
    }

    private FilingCase storedCase(String sblsh) throws IOException {
        return json.readValue(jdbc.sql("SELECT payload FROM filing_case WHERE sblsh = ?").param(sblsh)
                .query(String.class).single(), FilingCase.class);
    }

    private long casesWith(String sblsh) {
        return jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class).single();
    }

    record RefusalRow(String channel, String appId, String sblsh, int httpStatus, String reasonCode) {
    }

    private List<RefusalRow> refusalsOfBody(byte[] body) {
        return jdbc.sql("SELECT channel, app_id, sblsh, http_status, reason_code FROM intake_refusal WHERE body_sm3 = ?")
                .param(Sm3.hex(body)).query(RefusalRow.class).list();
    }

    private List<RefusalRow> refusalsOfCase(String sblsh) {
        return jdbc.sql("SELECT channel, app_id, sblsh, http_status, reason_code FROM intake_refusal WHERE sblsh = ?")
                .param(sblsh).query(RefusalRow.class).list();
    }

    /** A SOAP fault as it went over the wire: fault code and string, and the field and rule of each violation. */
    record WireFault(String code, String message, List<String> fields, List<String> rules) {

        static WireFault of(String body) {
            Document doc = SoapFixtures.parse(body);
            assertThat(doc.getElementsByTagNameNS(SoapFaults.SOAP_ENV, "Fault").getLength()).as(body).isEqualTo(1);
            return new WireFault(doc.getElementsByTagName("faultcode").item(0).getTextContent(),
                    doc.getElementsByTagName("faultstring").item(0).getTextContent(),
                    texts(doc.getElementsByTagNameNS(SoapFaults.WINDOW_NS, "field")),
                    texts(doc.getElementsByTagNameNS(SoapFaults.WINDOW_NS, "rule")));
        }

        private static List<String> texts(NodeList nodes) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
            return texts;
        }
    }

    @Test
    void aValidCaseIsStoredAsTheJsonCaseAndTheReceiptReturned() throws Exception {
        String sblsh = unique();
        FilingCaseType industryDepartment = fixtureCase(sblsh);
        industryDepartment.getBAB().getApplicant().setUnitCategory("行业部门");

        ReceiptType receipt = window.submitCase(industryDepartment);

        assertThat(receipt.getSBLSH()).isEqualTo(sblsh);
        assertThat(receipt.getCaseId()).isNotBlank();
        assertThat(receipt.getReceivedAt()).isEqualTo(AT);
        assertThat(receipt.getState()).isEqualTo("RECEIVED");
        assertThat(receipt.getMissingMaterials().getMissingMaterial())
                .extracting(MissingMaterialType::getCode, MissingMaterialType::getName)
                .containsExactly(tuple("HJ-ZGBM", "省级以上（含省级）主管部门同意申报的函件"));
        ObjectNode jsonCase = validCase(sblsh);
        ((ObjectNode) jsonCase.get("BAB").get("applicant")).put("unitCategory", "行业部门");
        assertThat(storedCase(sblsh)).isEqualTo(asCase(jsonCase));
        assertThat(jdbc.sql("SELECT channel || ' ' || app_id || ' ' || case_id FROM filing_case WHERE sblsh = ?")
                .param(sblsh).query(String.class).single())
                .isEqualTo("SOAP " + WindowClient.APP_ID + " " + receipt.getCaseId());
    }

    @Test
    void theSoapFixtureAndTheJsonFixtureAreTheSameInternalCase() throws Exception {
        String sblsh = unique();

        ReceiptType soapReceipt = window.submitCase(fixtureCase(sblsh));
        HttpResponse<String> rest = client().postCase(bytes(validCase(sblsh)));

        assertThat(rest.statusCode()).as("the same case again over REST: " + rest.body()).isEqualTo(200);
        JsonNode restReceipt = json.readTree(rest.body());
        assertThat(restReceipt.get("SBLSH").asText()).isEqualTo(sblsh);
        assertThat(restReceipt.get("caseId").asText()).isEqualTo(soapReceipt.getCaseId());
        assertThat(OffsetDateTime.parse(restReceipt.get("receivedAt").asText())).isEqualTo(soapReceipt.getReceivedAt());
        assertThat(restReceipt.get("state").asText()).isEqualTo(soapReceipt.getState());
        assertThat(restReceipt.get("missingMaterials")).isEmpty();
        assertThat(soapReceipt.getMissingMaterials().getMissingMaterial()).isEmpty();
        assertThat(casesWith(sblsh)).isEqualTo(1);
        String contentSm3 = jdbc.sql("SELECT content_sm3 FROM filing_case WHERE sblsh = ?").param(sblsh)
                .query(String.class).single();
        assertThat(contentSm3).as("SM3 of the case as the REST window reads it")
                .isEqualTo(Sm3.hex(json.writeValueAsBytes(asCase(validCase(sblsh)))));
        assertThat(refusalsOfCase(sblsh)).isEmpty();
    }

    @Test
    void answersCarryNoneOfTheRequestsHeaders() throws Exception {
        HttpResponse<String> receipt = soap.post(utf8(envelope(unique())), UTF8_XML);
        HttpResponse<String> fault = soap.post(utf8(envelope(unique())
                .replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>新办</w:YWLX>")), UTF8_XML);

        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(fault.statusCode()).isEqualTo(400);
        for (HttpResponse<String> answer : List.of(receipt, fault)) {
            assertThat(answer.headers().map().keySet()).map(String::toLowerCase)
                    .doesNotContain("x-app-id", "x-timestamp", "x-nonce", "x-app-signature", "soapaction", "host",
                            "user-agent");
        }
    }

    @Test
    void aCaseBreakingTheContractIsAValidationFaultListingEveryViolation(CapturedOutput output) throws Exception {
        String sblsh = unique();
        FilingCaseType invalid = fixtureCase(sblsh);
        invalid.setYWLX("新办");
        invalid.getBAB().getAssessors().getAssessor().get(1).setSocialSecurityNumber("5101061975062000221234");
        invalid.getBAB().getManagementStaff().getMember().get(0).setGender("M");

        ValidationFault fault = catchThrowableOfType(ValidationFault.class, () -> window.submitCase(invalid));

        assertThat(fault).as("a ValidationFault").isNotNull();
        assertThat(fault.getFaultInfo().getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule)
                .containsExactly(tuple("YWLX", "schema"), tuple("BAB.managementStaff[0].gender", "schema"),
                        tuple("BAB.assessors[1].socialSecurityNumber", "schema"));
        assertThat(refusalsOfCase(sblsh))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, sblsh, 400, "schema"));
        assertThat(casesWith(sblsh)).isZero();
        assertThat(output.getAll()).as("a refusal is answered and recorded, not logged as a route failure")
                .doesNotContain("caught: org.apache.cxf.binding.soap.SoapFault");
    }

    @Test
    void aCaseTheRuleSetRejectsIsAValidationFaultWithTheRuleSetsViolations() throws Exception {
        String sblsh = unique();
        FilingCaseType supplementWithoutItsCase = fixtureCase(sblsh);
        supplementWithoutItsCase.setYWLX("补正");
        supplementWithoutItsCase.getBAB().getAssessors().getAssessor().get(0).setPhone("12345");

        ValidationFault fault = catchThrowableOfType(ValidationFault.class,
                () -> window.submitCase(supplementWithoutItsCase));

        assertThat(fault).as("a ValidationFault").isNotNull();
        assertThat(fault.getFaultInfo().getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule, ViolationType::getMessageZh,
                        ViolationType::getMessageEn)
                .containsExactly(tuple("GLSBLSH", "required", Rule.REQUIRED.zh(), Rule.REQUIRED.en()),
                        tuple("BAB.assessors[0].phone", "phone", Rule.PHONE.zh(), Rule.PHONE.en()));
        assertThat(refusalsOfCase(sblsh))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, sblsh, 400, "invalid-case"));
        assertThat(casesWith(sblsh)).isZero();
    }

    @Test
    void theSameSblshWithOtherContentIsAConflictFaultAndTheStoredCaseStays() throws Exception {
        String sblsh = unique();
        window.submitCase(fixtureCase(sblsh));
        String storedSm3 = jdbc.sql("SELECT content_sm3 FROM filing_case WHERE sblsh = ?").param(sblsh)
                .query(String.class).single();
        FilingCaseType changed = fixtureCase(sblsh);
        changed.setLXRXM("另一位联系人");

        ConflictFault fault = catchThrowableOfType(ConflictFault.class, () -> window.submitCase(changed));

        assertThat(fault).as("a ConflictFault").isNotNull();
        assertThat(fault.getFaultInfo().getSBLSH()).isEqualTo(sblsh);
        assertThat(fault.getFaultInfo().getMessageZh()).contains("已受理", "不一致");
        assertThat(fault.getFaultInfo().getMessageEn()).contains("already received");
        assertThat(jdbc.sql("SELECT content_sm3 FROM filing_case WHERE sblsh = ?").param(sblsh).query(String.class)
                .list()).containsExactly(storedSm3);
        assertThat(refusalsOfCase(sblsh))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, sblsh, 409, "conflict"));
    }

    @Test
    void getCaseReturnsTheCaseOrANotFoundFault() throws Exception {
        String sblsh = unique();
        ReceiptType receipt = window.submitCase(fixtureCase(sblsh));
        CaseQueryType known = new CaseQueryType();
        known.setSBLSH(sblsh);
        CaseQueryType unknown = new CaseQueryType();
        unknown.setSBLSH("SC-NEVER-SENT");

        CaseViewType view = window.getCase(known);
        NotFoundFault fault = catchThrowableOfType(NotFoundFault.class, () -> window.getCase(unknown));

        assertThat(view.getSBLSH()).isEqualTo(sblsh);
        assertThat(view.getCaseId()).isEqualTo(receipt.getCaseId());
        assertThat(view.getYWLX()).isEqualTo("设立备案");
        assertThat(view.getState()).isEqualTo("RECEIVED");
        assertThat(view.getReceivedAt()).isEqualTo(AT);
        assertThat(view.getHistory().getEvent()).as("received first; mapping may already have added its event")
                .first().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("case-received");
                    assertThat(e.getToState()).isEqualTo("RECEIVED");
                    assertThat(e.getActor()).isEqualTo("platform:" + WindowClient.APP_ID);
                });
        assertThat(fault).as("a NotFoundFault").isNotNull();
        assertThat(fault.getFaultInfo().getSBLSH()).isEqualTo("SC-NEVER-SENT");
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void clientFaultsAreAnsweredWith400AndServerFaultsWith500() throws Exception {
        HttpResponse<String> invalid = soap.post(utf8(envelope(unique())
                .replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>新办</w:YWLX>")), UTF8_XML);
        AdviceWith.adviceWith(camel, "intake-soap-submit", route -> route.weaveAddFirst()
                .throwException(new IllegalStateException("jdbc:h2:/var/lib/bridge/db/bridge unavailable")));
        HttpResponse<String> failing = soap.post(utf8(envelope(unique())), UTF8_XML);

        assertThat(invalid.statusCode()).isEqualTo(400);
        WireFault clientFault = WireFault.of(invalid.body());
        assertThat(clientFault.code()).isEqualTo("soap:Client");
        assertThat(clientFault.fields()).containsExactly("YWLX");
        assertThat(failing.statusCode()).isEqualTo(500);
        assertThat(WireFault.of(failing.body()).code()).isEqualTo("soap:Server");
        assertThat(failing.body()).contains("网关内部错误").doesNotContain("jdbc", "h2", "IllegalStateException");
    }

    @Test
    void unsignedAndWronglySignedCallsAre401WithAFaultNamingTheReason() throws Exception {
        byte[] body = utf8(envelope(unique()));
        long counted = unauthenticatedSoapRefusals();
        HttpResponse<String> unsigned = soap.http().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + SoapWindowClient.PATH))
                .header("Content-Type", UTF8_XML).header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        HttpResponse<String> wrongSecret = soap.http().send(soap.http().signed("POST", SoapWindowClient.PATH, body,
                        "not-the-secret", String.valueOf(clock.millis()), UUID.randomUUID().toString())
                .header("Content-Type", UTF8_XML).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/xml"));
        WireFault missing = WireFault.of(unsigned.body());
        assertThat(missing.code()).isEqualTo("soap:Client");
        assertThat(missing.rules()).containsExactly("auth:missing-headers");
        assertThat(missing.fields()).as("the first header missing").containsExactly("X-App-Id");
        assertThat(missing.message()).contains("身份认证失败", "X-App-Signature", "authentication failed");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(WireFault.of(wrongSecret.body()).rules()).containsExactly("auth:signature");
        assertThat(WireFault.of(wrongSecret.body()).fields()).containsExactly("X-App-Signature");
        HttpResponse<String> stale = soap.http().send(soap.http().signed("POST", SoapWindowClient.PATH, body,
                        WindowClient.SECRET, String.valueOf(clock.millis() - 3_600_000), UUID.randomUUID().toString())
                .header("Content-Type", UTF8_XML).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(WireFault.of(stale.body()).rules()).containsExactly("auth:timestamp");
        assertThat(WireFault.of(stale.body()).fields()).containsExactly("X-Timestamp");
        HttpResponse<String> unknownApp = soap.http().send(soap.http().signed("POST", SoapWindowClient.PATH, body,
                        WindowClient.SECRET, String.valueOf(clock.millis()), UUID.randomUUID().toString())
                .setHeader(WindowSignature.APP_ID, "someone-else")
                .header("Content-Type", UTF8_XML).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(unknownApp.statusCode()).isEqualTo(401);
        assertThat(WireFault.of(unknownApp.body()).rules()).containsExactly("auth:unknown-app");
        assertThat(WireFault.of(unknownApp.body()).fields()).containsExactly("X-App-Id");
        // refusals before authentication are counted (bounded), not stored one row each
        assertThat(refusalsOfBody(body)).isEmpty();
        assertThat(unauthenticatedSoapRefusals()).isEqualTo(counted + 4);
    }

    private long unauthenticatedSoapRefusals() {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count
                        WHERE channel = 'SOAP' AND reason_code = 'unauthenticated'""").query(Long.class).single();
    }

    /** How the oversize body travels: with its length declared up front, or chunked with no length at all. */
    enum Framing {
        CONTENT_LENGTH, CHUNKED
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Framing.class)
    void aFiftyMegabyteBodyIsRefusedAsTooLargeAndNothingIsStored(Framing framing) throws Exception {
        String sblsh = unique();
        String text = envelope(sblsh);
        int content = text.indexOf("<w:content>") + "<w:content>".length();
        byte[] body = utf8(text.substring(0, content) + "A".repeat(50 * 1024 * 1024) + text.substring(content));
        long cases = count("filing_case");
        long tooLarge = tooLargeRefusals();
        HttpRequest.BodyPublisher publisher = framing == Framing.CONTENT_LENGTH
                ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpRequest request = soap.signed(body).timeout(Duration.ofSeconds(60))
                .header("Content-Type", UTF8_XML).POST(publisher).build();

        // The guard answers 413 without reading further. Tomcat then discards the unread rest of the body, up to
        // server.tomcat.max-swallow-size (64MB), so this client gets the 413; past that limit, or with another TCP
        // stack, the client may instead see the connection closed under it. Either way the refusal is recorded.
        String outcome;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            outcome = "HTTP " + response.statusCode();
            if (response.statusCode() == 413) {
                assertThat(WireFault.of(response.body()).rules()).containsExactly("size");
            }
        } catch (HttpTimeoutException e) {
            throw new AssertionError("the gateway neither answered nor closed the connection", e);
        } catch (IOException e) {
            outcome = "connection closed by the server";
        }

        assertThat(outcome).isIn("HTTP 413", "connection closed by the server");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(tooLargeRefusals()).isEqualTo(tooLarge + 1));
        assertThat(count("filing_case")).isEqualTo(cases);
        assertThat(casesWith(sblsh)).isZero();
        assertThat(window.submitCase(fixtureCase(unique())).getState())
                .as("the window still takes cases").isEqualTo("RECEIVED");
    }

    private long tooLargeRefusals() {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count
                        WHERE channel = 'SOAP' AND reason_code = 'too-large' AND app_id = ?""")
                .param(WindowClient.APP_ID).query(Long.class).single();
    }

    @Test
    void malformedXmlIsA400ClientFaultAndRecorded() throws Exception {
        long cases = count("filing_case");
        byte[] body = utf8(envelope(unique()).replace("</w:SBLSH>", "</w:SBLS>"));

        HttpResponse<String> response = soap.post(body, UTF8_XML);

        assertThat(response.statusCode()).isEqualTo(400);
        WireFault fault = WireFault.of(response.body());
        assertThat(fault.code()).isEqualTo("soap:Client");
        assertThat(fault.message()).contains("报文格式错误");
        assertThat(refusalsOfBody(body))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, null, 400, "malformed"));
        assertThat(count("filing_case")).isEqualTo(cases);
    }

    @Test
    void anUndeclaredEntityIsA400ClientFaultNotAServerFault() throws Exception {
        long cases = count("filing_case");
        String sblsh = unique();
        byte[] body = utf8(envelope(sblsh).replace("<w:SBLSH>" + sblsh + "</w:SBLSH>", "<w:SBLSH>&ID1101;</w:SBLSH>"));

        HttpResponse<String> response = soap.post(body, UTF8_XML);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(WireFault.of(response.body()).code()).isEqualTo("soap:Client");
        assertThat(count("filing_case")).isEqualTo(cases);
    }

    @Test
    void externalEntitiesAreRefusedAndNoFileContentLeaks(@TempDir Path dir) throws Exception {
        String secret = "FILE-CONTENT-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String envelope = envelope(unique());
        String general = envelope
                .replace("<soapenv:Envelope", "<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"" + file.toUri()
                        + "\">]>\n<soapenv:Envelope")
                .replace("<w:SXMC>职业技能考核鉴定机构备案</w:SXMC>", "<w:SXMC>&xxe;</w:SXMC>");
        String parameter = envelope.replace("<soapenv:Envelope", "<!DOCTYPE soapenv:Envelope [<!ENTITY % p SYSTEM \""
                + file.toUri() + "\"> %p;]>\n<soapenv:Envelope");
        long cases = count("filing_case");

        for (String attack : List.of(general, parameter)) {
            HttpResponse<String> response = soap.post(utf8(attack), UTF8_XML);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(WireFault.of(response.body()).code()).isEqualTo("soap:Client");
            assertThat(response.body()).doesNotContain(secret);
            assertThat(refusalsOfBody(utf8(attack))).extracting(RefusalRow::httpStatus).containsExactly(400);
        }
        assertThat(count("filing_case")).isEqualTo(cases);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE soapenv:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String attack = """
                <?xml version="1.0" encoding="UTF-8"?>
                %s
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                                  xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
                  <soapenv:Body><w:SubmitCase><w:SXMC>&lol9;</w:SXMC></w:SubmitCase></soapenv:Body>
                </soapenv:Envelope>""".formatted(dtd);
        long cases = count("filing_case");

        HttpResponse<String> response = soap.post(utf8(attack), UTF8_XML);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireFault.of(response.body()).code()).isEqualTo("soap:Client");
        assertThat(response.body()).doesNotContain("lollol");
        assertThat(count("filing_case")).isEqualTo(cases);
    }

    @Test
    void aNestingDeeperThanTheLimitIsRefusedAsSize() throws Exception {
        byte[] deep = utf8("""
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                                  xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
                  <soapenv:Body><w:GetCase>%s%s</w:GetCase></soapenv:Body>
                </soapenv:Envelope>""".formatted("<w:x>".repeat(100), "</w:x>".repeat(100)));

        HttpResponse<String> response = soap.post(deep, UTF8_XML);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireFault.of(response.body()).code()).isEqualTo("soap:Client");
        assertThat(refusalsOfBody(deep)).extracting(RefusalRow::reasonCode).containsExactly("size");
    }

    @Test
    void aGbkEncodedRequestArrivesWithItsChineseTextIntact() throws Exception {
        String sblsh = unique();
        String envelope = envelope(sblsh)
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"GBK\"?>");
        byte[] gbk = envelope.getBytes(Charset.forName("GBK"));
        assertThat(gbk).isNotEqualTo(utf8(envelope));

        HttpResponse<String> response = soap.post(gbk, "text/xml; charset=GBK");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        FilingCase stored = storedCase(sblsh);
        assertThat(stored.sqrmc()).isEqualTo("成都市示范职业技术学校");
        assertThat(stored.bab().managementStaff().get(0).role()).isEqualTo("所（站）长");
        assertThat(stored).isEqualTo(asCase(validCase(sblsh)));
        assertThat(jdbc.sql("""
                        SELECT e.message_ref FROM case_event e JOIN filing_case c ON e.case_id = c.case_id
                        WHERE c.sblsh = ? AND e.event_type = 'case-received'""").param(sblsh).query(String.class).single())
                .as("the event names the channel and the SM3 of the bytes received").isEqualTo("SOAP:" + Sm3.hex(gbk));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "Content-Type \"{0}\"")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "text/xml", "text/xml; Charset=GBK", "text/xml;charset = \"gbk\"", "TEXT/XML; CHARSET=GB18030"})
    void gbkDeclaredInTheXmlDeclarationOrSpelledAnyWayIsReadAsGbk(String contentType) throws Exception {
        // CXF looks for a lower-case "charset=" itself and else takes the request's encoding (UTF-8, forced by
        // Spring): the guard hands on the charset it checked, so that CXF reads what the guard read
        String sblsh = unique();
        String envelope = envelope(sblsh)
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"GBK\"?>");
        assertThat(envelope).contains("encoding=\"GBK\"");
        byte[] gbk = envelope.getBytes(Charset.forName(contentType.contains("GB18030") ? "GB18030" : "GBK"));

        HttpResponse<String> response = soap.post(gbk, contentType);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(storedCase(sblsh).sqrmc()).isEqualTo("成都市示范职业技术学校");
        assertThat(storedCase(sblsh)).isEqualTo(asCase(validCase(sblsh)));
    }

    @Test
    void anXCharsetParameterDoesNotChangeHowTheBodyIsRead() throws Exception {
        // the guard reads a body without a charset parameter as UTF-8, and so must CXF
        String sblsh = unique();
        byte[] utf8 = utf8(envelope(sblsh));

        HttpResponse<String> response = soap.post(utf8, "text/xml; x-charset=GBK");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(storedCase(sblsh).sqrmc()).isEqualTo("成都市示范职业技术学校");
    }

    @Test
    void aSoap12EnvelopeIsRefusedInBothLanguagesAndRecorded() throws Exception {
        String envelope = envelope(unique()).replace("http://schemas.xmlsoap.org/soap/envelope/",
                "http://www.w3.org/2003/05/soap-envelope");
        assertThat(envelope).contains("http://www.w3.org/2003/05/soap-envelope");
        byte[] body = utf8(envelope);

        HttpResponse<String> response = soap.post(body, "text/xml; charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("VersionMismatch").contains("仅接受 SOAP 1.1")
                .contains("only SOAP 1.1 envelopes are accepted");
        assertThat(refusalsOfBody(body))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, null, 400, "soap-version"));
    }

    @Test
    void aBodyInAnotherEncodingThanDeclaredIsRefusedAsEncoding() throws Exception {
        String sblsh = unique();
        byte[] gbkBytes = envelope(sblsh).getBytes(Charset.forName("GBK"));

        HttpRequest request = soap.signed(gbkBytes).header("Content-Type", UTF8_XML)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gbkBytes)).build();
        HttpResponse<String> response = soap.http().send(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(WireFault.of(response.body()).rules()).containsExactly("encoding");
        assertThat(refusalsOfBody(gbkBytes))
                .containsExactly(new RefusalRow("SOAP", WindowClient.APP_ID, null, 400, "encoding"));
        assertThat(casesWith(sblsh)).isZero();
        // the caller was authenticated, so the nonce is spent: the same signed request again is a replay
        HttpResponse<String> replay = soap.http().send(request);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
        assertThat(WireFault.of(replay.body()).rules()).containsExactly("auth:nonce-reused");
        assertThat(refusalsOfBody(gbkBytes)).as("the replay is not recorded as another refusal of the caller").hasSize(1);
    }

    @Test
    void theWsdlAndSchemaArePublishedWithoutSignature() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + SoapWindowClient.PATH + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("name=\"WindowService\"", "WindowPort", "window-v1.xsd");
        Matcher location = Pattern.compile("schemaLocation=\"([^\"]+)\"").matcher(wsdl.body());
        assertThat(location.find()).isTrue();
        HttpResponse<String> xsd = http.send(HttpRequest.newBuilder(URI.create(location.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("name=\"SubmitCase\"", "申办流水号");
    }
}
