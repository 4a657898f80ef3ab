package cn.gov.sc.rst.filingbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.gov.sc.rst.filingbridge.intake.WindowClient;
import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.CompetentAuthority;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One case, one trace (issue 14): the platform calls the window with a W3C {@code traceparent}; the skills system gets
 * the case's record, the platform its acceptance, with a traceparent of that trace, after two hops through the outbox
 * and the broker; the skills system's decisions, posted with the traceparent it received (as a tracing peer does),
 * continue it, and the platform's feedback that they cause carries it on. The gateway's
 * log lines of the case carry the trace id beside the SBLSH. Tracing is on here as in production
 * ({@code @AutoConfigureObservability}; Boot's tests turn it off otherwise) and nothing is exported.
 */
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
class TracingIT extends WindowTestSupport {

    static final Path DATA_DIR = DataDirs.fresh("bridge-tracing-it-");
    static final SkillsSimulator SKILLS = Peers.skills();
    static final MinistrySimulator MINISTRY = Peers.ministry(Clock.systemUTC());
    static final PlatformSimulator PLATFORM = Peers.platform(Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")));
    static final MessageSigner SKILLS_SIGNER = new MessageSigner(Pkcs12.signingCredential(
            Path.of("certs-example", "skills.p12"), "demo-only".toCharArray(), "skills"));
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SKILLS::baseUrl);
        registry.add("bridge.ministry.address", MINISTRY::address);
        registry.add("bridge.platform.base-url", PLATFORM::baseUrl);
    }

    @AfterAll
    static void stopPeers() {
        SKILLS.close();
        MINISTRY.close();
        PLATFORM.close();
    }

    @Test
    void intakeMappingDeliveryDecisionsAndFeedbackShareTheTraceThePlatformStarted(CapturedOutput output)
            throws Exception {
        String traceId = hex(16);
        String sblsh = "SC-TRACE-" + UUID.randomUUID();

        HttpResponse<String> receipt = client().send(client().signed("POST", "/api/window/v1/cases",
                        bytes(validCase(sblsh)), WindowClient.SECRET, String.valueOf(clock.millis()), nonce())
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(validCase(sblsh)))).build());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        String caseId = json.readTree(receipt.body()).get("caseId").asText();

        // intake → outbox → broker → mapping → outbox → broker → delivery: the skills system gets the trace
        String recordKey = await().atMost(Duration.ofSeconds(60)).until(
                () -> SKILLS.keys().stream().filter(k -> k.startsWith(caseId)).findFirst().orElse(null),
                k -> k != null);
        String atSkills = SKILLS.traceparentOf(recordKey);
        assertThat(traceIdOf(atSkills)).as("traceparent at the skills system: " + atSkills).isEqualTo(traceId);
        // the platform's acceptance (受理, SLZTDM 1) too
        await().atMost(Duration.ofSeconds(30)).until(() -> platformKeys(caseId).size() >= 1);
        assertThat(platformKeys(caseId)).allSatisfy(k -> assertThat(traceIdOf(PLATFORM.traceparentOf(k)))
                .as("platform message " + k).isEqualTo(traceId));

        // the skills system decides, continuing the trace it was given: the feedback and the report carry it on
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId), "FORWARDED"::equals);
        for (Map<String, Object> d : List.of(decision(sblsh, "MATERIALS_COMPLETE"), evaluated(sblsh), filed(sblsh))) {
            HttpResponse<String> answer = postDecision(d, atSkills);
            assertThat(answer.statusCode()).as(d.get("kind") + ": " + answer.body()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> PLATFORM.feedback(sblsh).stream()
                .anyMatch(f -> f.has("BJJGDM")));
        await().atMost(Duration.ofSeconds(30)).until(() -> platformKeys(caseId).size() == PLATFORM.feedback(sblsh)
                .size());
        assertThat(platformKeys(caseId)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(k -> assertThat(traceIdOf(PLATFORM.traceparentOf(k))).as("platform message " + k)
                        .isEqualTo(traceId));
        // the filing report to the ministry (filed: 备案情况报人社部) continues it as well
        await().atMost(Duration.ofSeconds(30)).until(() -> MINISTRY.traceparents().stream()
                .anyMatch(t -> traceId.equals(traceIdOf(t))));

        // the case's log lines, on every thread that worked on it (the window, the mapping and delivery consumers, the
        // decisions, the feedback and the report): each carries the trace id and the SBLSH
        String[] lines = output.getOut().split("\\R");
        List<String> ofTheTrace = Arrays.stream(lines).filter(l -> l.contains("[trace=" + traceId + "]")).toList();
        assertThat(ofTheTrace).as("the case's log lines")
                .anySatisfy(l -> assertThat(l).contains("case received on REST"))
                .anySatisfy(l -> assertThat(l).contains("case mapped to skills-record/v1"))
                .anySatisfy(l -> assertThat(l).contains("skills record " + recordKey + " DELIVERED"))
                .allSatisfy(l -> assertThat(l).contains("[trace=" + traceId + "] [SBLSH=" + sblsh + "]"));
        // and no line names the case's record without them
        assertThat(Arrays.stream(lines).filter(l -> l.contains(recordKey))).as("lines naming " + recordKey)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("[SBLSH=" + sblsh + "]"));
    }

    @Test
    void aSoapWindowCallContinuesTheTraceToo() throws Exception {
        String traceId = hex(16);
        String sblsh = "SC-TRACE-SOAP-" + UUID.randomUUID();
        byte[] envelope = soapEnvelope(sblsh);
        HttpResponse<String> answer = client().send(client().signed("POST", "/services/window", envelope,
                        WindowClient.SECRET, String.valueOf(clock.millis()), nonce())
                .header("SOAPAction", "\"\"").header("Content-Type", "text/xml;charset=UTF-8")
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String caseId = caseIdOf(sblsh);
        String recordKey = await().atMost(Duration.ofSeconds(60)).until(
                () -> SKILLS.keys().stream().filter(k -> k.startsWith(caseId)).findFirst().orElse(null),
                k -> k != null);
        assertThat(traceIdOf(SKILLS.traceparentOf(recordKey))).isEqualTo(traceId);
    }

    @Test
    void tracingIsOnAndNothingIsExportedUntilAnEndpointIsSet() {
        assertThat(context.getBean(Tracer.class)).isNotSameAs(Tracer.NOOP)
                .isInstanceOf(io.micrometer.tracing.otel.bridge.OtelTracer.class);
        assertThat(context.getBeanNamesForType(SpanExporter.class)).as("span exporters").isEmpty();
        assertThat(context.getEnvironment().getProperty("management.otlp.tracing.endpoint")).isNull();
    }

    private List<String> platformKeys(String caseId) {
        return PLATFORM.keys().stream().filter(k -> k.startsWith(caseId + ":")).toList();
    }

    private static String traceIdOf(String traceparent) {
        assertThat(traceparent).as("a W3C traceparent").isNotNull().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.substring(3, 35);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private byte[] soapEnvelope(String sblsh) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/intake/valid-new-filing.soap.xml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("<w:SBLSH>SC20261127000001</w:SBLSH>");
            return text.replace("<w:SBLSH>SC20261127000001</w:SBLSH>", "<w:SBLSH>" + sblsh + "</w:SBLSH>")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private Map<String, Object> decision(String sblsh, String kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", "D-" + UUID.randomUUID());
        d.put("SBLSH", sblsh);
        d.put("kind", kind);
        d.put("decidedAt", "2026-11-27T10:00:00+08:00");
        d.put("authority", CompetentAuthority.of(jdbc, sblsh));
        return d;
    }

    private Map<String, Object> evaluated(String sblsh) {
        Map<String, Object> d = decision(sblsh, "SITE_EVALUATION");
        d.put("evaluation", Map.of("passed", true, "date", "2026-11-27", "evaluators", List.of("李评估")));
        return d;
    }

    private Map<String, Object> filed(String sblsh) {
        Map<String, Object> d = decision(sblsh, "FILED");
        d.put("filingNumber", "Y000051010077");
        d.put("validFrom", "2026-11-27");
        d.put("validTo", "2029-11-26");
        return d;
    }

    private HttpResponse<String> postDecision(Map<String, Object> decision, String traceparent) throws Exception {
        byte[] body = json.writeValueAsBytes(decision);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/skills/v1/decisions"))
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SKILLS_SIGNER.sign(body).headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
