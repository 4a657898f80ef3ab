package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseQueryType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseViewType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ConflictFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.NotFoundFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowPortType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowService;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.xml.ws.BindingProvider;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cxf.frontend.ClientProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The SOAP window end to end over HTTP: a JAX-WS client generated from window-v1.wsdl, signed as the platform signs,
 * and raw requests for what no well-behaved client sends. IntakeService is a mock here: this proves the SOAP edge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/*.camel.yaml",
        "bridge.platform.apps.test-app.secret=" + SoapWindowIT.SECRET})
class SoapWindowIT {

    static final String SECRET = "test-secret-please-change";
    private static final String PATH = "/services/window";
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    @LocalServerPort
    int port;

    @MockitoBean
    IntakeService intake;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WindowPortType window;

    @BeforeEach
    void client() {
        window = new WindowService().getWindowPort();
        Map<String, Object> context = ((BindingProvider) window).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://localhost:" + port + PATH);
        // A CXF client reads a SOAP fault sent with HTTP 400 only when told to (it expects SOAP 1.1's 500).
        context.put("org.apache.cxf.transport.process_fault_on_http_400", true);
        ClientProxy.getClient(window).getOutInterceptors().add(new WindowSigningInterceptor("test-app", SECRET, PATH));
    }

    private static FilingCaseType fixtureCase() {
        return new WindowCodec().read(SoapFixtures.payload(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)),
                FilingCaseType.class).value();
    }

    private FilingCase jsonFixture() throws IOException {
        return json.readValue(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING_JSON), FilingCase.class);
    }

    private static Receipt receipt() {
        return new Receipt("SC20261127000001", "c-1", AT, "RECEIVED", List.of());
    }

    /** Posts raw bytes to the window, signed over exactly those bytes. */
    private HttpResponse<String> post(byte[] body, String contentType) throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis());
        String nonce = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("SOAPAction", "\"\"")
                .header(WindowSignature.APP_ID, "test-app")
                .header(WindowSignature.TIMESTAMP, timestamp)
                .header(WindowSignature.NONCE, nonce)
                .header(WindowSignature.SIGNATURE, WindowSignature.sign(SECRET, "POST", PATH, timestamp, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postUtf8(String envelope) throws IOException, InterruptedException {
        return post(envelope.getBytes(StandardCharsets.UTF_8), "text/xml; charset=UTF-8");
    }

    @Test
    void aValidCaseIsReceivedAndTheReceiptReturned() throws Exception {
        when(intake.submit(any(), any())).thenReturn(new Receipt("SC20261127000001", "c-1", AT, "RECEIVED",
                List.of(new Receipt.MissingMaterial("HJ-ZGBM", "行业主管部门意见"))));

        ReceiptType receipt = window.submitCase(fixtureCase());

        assertThat(receipt.getSBLSH()).isEqualTo("SC20261127000001");
        assertThat(receipt.getCaseId()).isEqualTo("c-1");
        assertThat(receipt.getReceivedAt()).isEqualTo(AT);
        assertThat(receipt.getState()).isEqualTo("RECEIVED");
        assertThat(receipt.getMissingMaterials().getMissingMaterial())
                .extracting(m -> m.getCode() + " " + m.getName()).containsExactly("HJ-ZGBM 行业主管部门意见");
        ArgumentCaptor<FilingCase> filingCase = ArgumentCaptor.forClass(FilingCase.class);
        ArgumentCaptor<Submission> submission = ArgumentCaptor.forClass(Submission.class);
        verify(intake).submit(filingCase.capture(), submission.capture());
        assertThat(filingCase.getValue()).isEqualTo(jsonFixture());
        assertThat(submission.getValue().channel()).isEqualTo(Channel.SOAP);
        assertThat(submission.getValue().appId()).isEqualTo("test-app");
        assertThat(submission.getValue().bodySm3()).matches("[0-9a-f]{64}");
    }

    @Test
    void aCaseBreakingTheContractIsAValidationFaultListingEveryViolation() throws Exception {
        FilingCaseType invalid = fixtureCase();
        invalid.setYWLX("新办");
        invalid.getBAB().getAssessors().getAssessor().get(1).setSocialSecurityNumber("5101061975062000221234");
        invalid.getBAB().getManagementStaff().getMember().get(0).setGender("M");

        ValidationFault fault = catchThrowableOfType(ValidationFault.class, () -> window.submitCase(invalid));

        assertThat(fault.getFaultInfo().getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule)
                .containsExactly(tuple("YWLX", "schema"), tuple("BAB.managementStaff[0].gender", "schema"),
                        tuple("BAB.assessors[1].socialSecurityNumber", "schema"));
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().appId()).isEqualTo("test-app");
        assertThat(refusal.getValue().sblsh()).isEqualTo("SC20261127000001");
        assertThat(refusal.getValue().reasonCode()).isEqualTo("schema");
        assertThat(refusal.getValue().violations()).hasSize(3);
        verify(intake, never()).submit(any(), any());
    }

    @Test
    void aCaseTheRuleSetRejectsIsAValidationFaultWithTheRuleSetsViolations() throws Exception {
        when(intake.submit(any(), any())).thenThrow(new CaseRejectedException(List.of(
                Violation.of("GLSBLSH", Rule.REQUIRED), Violation.of("BAB.assessors[0].phone", Rule.PHONE))));

        ValidationFault fault = catchThrowableOfType(ValidationFault.class, () -> window.submitCase(fixtureCase()));

        assertThat(fault.getFaultInfo().getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule, ViolationType::getMessageZh,
                        ViolationType::getMessageEn)
                .containsExactly(tuple("GLSBLSH", "required", Rule.REQUIRED.zh(), Rule.REQUIRED.en()),
                        tuple("BAB.assessors[0].phone", "phone", Rule.PHONE.zh(), Rule.PHONE.en()));
    }

    @Test
    void aConflictingResubmissionIsAConflictFault() throws Exception {
        when(intake.submit(any(), any())).thenThrow(new CaseConflictException("SC20261127000001"));

        ConflictFault fault = catchThrowableOfType(ConflictFault.class, () -> window.submitCase(fixtureCase()));

        assertThat(fault.getFaultInfo().getSBLSH()).isEqualTo("SC20261127000001");
        assertThat(fault.getFaultInfo().getMessageZh()).contains("已受理");
        assertThat(fault.getFaultInfo().getMessageEn()).contains("already received");
    }

    @Test
    void getCaseReturnsTheCaseOrANotFoundFault() throws Exception {
        when(intake.find("SC20261127000001")).thenReturn(Optional.of(new CaseView("SC20261127000001", "c-1",
                "设立备案", "RECEIVED", AT, List.of(),
                List.of(new CaseView.Event(1, "case-received", null, "RECEIVED", "window:test-app", null, AT)))));
        when(intake.find("SC404")).thenReturn(Optional.empty());
        CaseQueryType known = new CaseQueryType();
        known.setSBLSH("SC20261127000001");
        CaseQueryType unknown = new CaseQueryType();
        unknown.setSBLSH("SC404");

        CaseViewType view = window.getCase(known);
        NotFoundFault fault = catchThrowableOfType(NotFoundFault.class, () -> window.getCase(unknown));

        assertThat(view.getYWLX()).isEqualTo("设立备案");
        assertThat(view.getReceivedAt()).isEqualTo(AT);
        assertThat(view.getHistory().getEvent()).singleElement()
                .satisfies(e -> assertThat(e.getToState()).isEqualTo("RECEIVED"));
        assertThat(fault.getFaultInfo().getSBLSH()).isEqualTo("SC404");
    }

    @Test
    void clientFaultsAreAnsweredWith400AndServerFaultsWith500() throws Exception {
        String envelope = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
        when(intake.submit(any(), any())).thenThrow(new IllegalStateException("jdbc:postgresql://db/bridge down"));

        HttpResponse<String> invalid = postUtf8(envelope.replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>新办</w:YWLX>"));
        HttpResponse<String> failing = postUtf8(envelope);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("<faultcode>soap:Client</faultcode>", "<field>YWLX</field>");
        assertThat(failing.statusCode()).isEqualTo(500);
        assertThat(failing.body()).contains("<faultcode>soap:Server</faultcode>").doesNotContain("jdbc", "postgresql");
    }

    @Test
    void malformedXmlIsA400ClientFault() throws Exception {
        HttpResponse<String> response = postUtf8(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)
                .replace("</w:SBLSH>", "</w:SBLS>"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>", "报文格式错误");
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().reasonCode()).isEqualTo("malformed");
        assertThat(refusal.getValue().appId()).isEqualTo("test-app");
        verify(intake, never()).submit(any(), any());
    }

    @Test
    void externalEntitiesAreRefusedAndNoFileContentLeaks(@TempDir Path dir) throws Exception {
        String secret = "FILE-CONTENT-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String envelope = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
        String general = envelope
                .replace("<soapenv:Envelope", "<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"" + file.toUri()
                        + "\">]>\n<soapenv:Envelope")
                .replace("<w:SXMC>职业技能考核鉴定机构备案</w:SXMC>", "<w:SXMC>&xxe;</w:SXMC>");
        String parameter = envelope.replace("<soapenv:Envelope", "<!DOCTYPE soapenv:Envelope [<!ENTITY % p SYSTEM \""
                + file.toUri() + "\"> %p;]>\n<soapenv:Envelope");

        for (String attack : List.of(general, parameter)) {
            HttpResponse<String> response = postUtf8(attack);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>").doesNotContain(secret);
        }
        verify(intake, never()).submit(any(), any());
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

        HttpResponse<String> response = postUtf8(attack);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>").doesNotContain("lollol");
        verify(intake, never()).submit(any(), any());
    }

    @Test
    void aNestingDeeperThanTheLimitIsRefusedAsSize() throws Exception {
        String deep = """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                                  xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
                  <soapenv:Body><w:GetCase>%s%s</w:GetCase></soapenv:Body>
                </soapenv:Envelope>""".formatted("<w:x>".repeat(100), "</w:x>".repeat(100));

        HttpResponse<String> response = postUtf8(deep);

        assertThat(response.statusCode()).isEqualTo(400);
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().reasonCode()).isEqualTo("size");
    }

    @Test
    void aGbkEncodedRequestArrivesWithItsChineseTextIntact() throws Exception {
        when(intake.submit(any(), any())).thenReturn(receipt());
        String envelope = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"GBK\"?>");
        byte[] gbk = envelope.getBytes(Charset.forName("GBK"));
        assertThat(gbk).isNotEqualTo(envelope.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = post(gbk, "text/xml; charset=GBK");

        assertThat(response.statusCode()).isEqualTo(200);
        ArgumentCaptor<FilingCase> filingCase = ArgumentCaptor.forClass(FilingCase.class);
        verify(intake).submit(filingCase.capture(), eq(new Submission(Channel.SOAP, "test-app", Sm3.hex(gbk))));
        assertThat(filingCase.getValue().sqrmc()).isEqualTo("成都市示范职业技术学校");
        assertThat(filingCase.getValue().bab().managementStaff().get(0).role()).isEqualTo("所（站）长");
        assertThat(filingCase.getValue()).isEqualTo(jsonFixture());
    }

    @Test
    void aBodyInAnotherEncodingThanDeclaredIsRefusedAsEncoding() throws Exception {
        byte[] gbkBytes = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING).getBytes(Charset.forName("GBK"));

        HttpResponse<String> response = post(gbkBytes, "text/xml; charset=UTF-8");

        assertThat(response.statusCode()).isEqualTo(400);
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().reasonCode()).isEqualTo("encoding");
        verify(intake, never()).submit(any(), any());
    }

    @Test
    void theWsdlAndSchemaArePublished() throws Exception {
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + PATH + "?wsdl")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("name=\"WindowService\"", "WindowPort", "window-v1.xsd");
        Matcher location = Pattern.compile("schemaLocation=\"([^\"]+)\"").matcher(wsdl.body());
        assertThat(location.find()).isTrue();
        HttpResponse<String> xsd = http.send(HttpRequest.newBuilder(URI.create(location.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("name=\"SubmitCase\"", "申办流水号");
    }

    /**
     * Stands in for the window's authentication filter until it is on this branch: checks the signature over the
     * exact body and sets the request attributes that filter sets. Where the real filter already ran, it does nothing.
     */
    @TestConfiguration
    static class WindowAuthenticationStandIn {

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> windowAuthenticationStandIn(
                @Value("${bridge.platform.apps.test-app.secret}") String secret) {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                    new SignatureCheck(secret));
            registration.addUrlPatterns("/services/*");
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }

    private static final class SignatureCheck extends OncePerRequestFilter {

        private final String secret;

        SignatureCheck(String secret) {
            this.secret = secret;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"POST".equals(request.getMethod()) || request.getAttribute(SoapWindow.APP_ID_ATTRIBUTE) != null) {
                chain.doFilter(request, response);
                return;
            }
            byte[] body = request.getInputStream().readAllBytes();
            String expected = WindowSignature.sign(secret, "POST", request.getRequestURI(),
                    request.getHeader(WindowSignature.TIMESTAMP), request.getHeader(WindowSignature.NONCE), body);
            String sent = String.valueOf(request.getHeader(WindowSignature.SIGNATURE));
            if (!"test-app".equals(request.getHeader(WindowSignature.APP_ID)) || !MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII))) {
                response.sendError(401);
                return;
            }
            request.setAttribute(SoapWindow.APP_ID_ATTRIBUTE, "test-app");
            request.setAttribute(SoapWindow.BODY_SM3_ATTRIBUTE, Sm3.hex(body));
            chain.doFilter(new CachedBody(request, body), response);
        }
    }

    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.ISO_8859_1
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
