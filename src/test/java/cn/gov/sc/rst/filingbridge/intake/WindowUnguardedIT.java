package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Defence in depth: with the window guard taken out of the servlet chain (as a path it failed to recognise would be),
 * every window handler still refuses the request it did not mark: REST GET and POST with 401 problem+json, each SOAP
 * operation with a 401 soap:Client fault. Nothing is read and nothing is stored.
 */
@Import(WindowUnguardedIT.GuardOff.class)
class WindowUnguardedIT extends WindowTestSupport {

    /** A context of its own, so a data directory (and broker journal lock) of its own. */
    private static final Path DATA_DIR = DataDirs.fresh("bridge-unguarded-");

    @DynamicPropertySource
    static void ownDataDir(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
    }

    @TestConfiguration
    static class GuardOff {
        @Bean
        FilterRegistrationBean<WindowGuard> guardOff(WindowGuard guard) {
            FilterRegistrationBean<WindowGuard> registration = new FilterRegistrationBean<>(guard);
            registration.setEnabled(false);
            return registration;
        }
    }

    @Test
    void restHandlersRefuseWhatTheGuardDidNotMark() {
        RawHttp raw = new RawHttp(port);
        String sblsh = "SC-UNGUARDED-" + UUID.randomUUID();
        RawHttp.Response post = raw.send("POST", "/api/window/v1/cases", Map.of("Content-Type", "application/json"),
                bytes(validCase(sblsh)));
        assertThat(post.status()).as(post.toString()).isEqualTo(401);
        assertThat(post.header("Content-Type")).startsWith("application/problem+json");
        assertThat(post.body()).contains("auth:not-authenticated");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class)
                .single()).isZero();
        // signed or not makes no difference: only the guard's mark counts, never a header of the same name
        RawHttp.Response get = raw.send("GET", "/api/window/v1/cases/" + sblsh, Map.of("bridgeAppId", "test-app"),
                new byte[0]);
        assertThat(get.status()).as(get.toString()).isEqualTo(401);
        assertThat(get.body()).contains("auth:not-authenticated");
    }

    @Test
    void soapOperationsRefuseWhatTheGuardDidNotMark() {
        RawHttp raw = new RawHttp(port);
        Map<String, String> headers = Map.of("Content-Type", "text/xml;charset=UTF-8", "SOAPAction", "\"\"");
        byte[] getCase = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<w:GetCase xmlns:w=\"http://rst.sc.gov.cn/filing/window/v1\"><w:SBLSH>SC-" + UUID.randomUUID()
                + "</w:SBLSH></w:GetCase></soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = raw.send("POST", "/services/window", headers, getCase);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.body()).contains("Fault").contains("authentication failed");
        byte[] submit = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<w:SubmitCase xmlns:w=\"http://rst.sc.gov.cn/filing/window/v1\"/></soap:Body></soap:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response submitted = raw.send("POST", "/services/window", headers, submit);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(401);
        assertThat(submitted.body()).contains("authentication failed");
    }
}
