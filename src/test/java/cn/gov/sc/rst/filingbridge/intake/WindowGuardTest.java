package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The guard alone: its decision is on the routed path, and a database that fails under it is a 503, not a 500/401. */
class WindowGuardTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC);
    private final NonceStore nonces = mock(NonceStore.class);
    private final ApplicationAvailability availability = mock(ApplicationAvailability.class);
    private final AnonymousRefusals anonymous = mock(AnonymousRefusals.class);
    private final WindowGuard guard = new WindowGuard(
            new BridgeProperties("./data", new BridgeProperties.Platform("http://localhost:1",
                    Map.of("app", new BridgeProperties.App("secret"))), null, null,
                    new BridgeProperties.Intake(10_485_760, 2_097_152, Duration.ofMinutes(5), 64), null),
            nonces, mock(IntakeService.class), new ObjectMapper(), CLOCK, availability, anonymous);

    private MockHttpServletRequest get(String rawUri, String routedPath, boolean signed) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", rawUri);
        request.setServletPath(routedPath);
        if (signed) {
            String ts = String.valueOf(CLOCK.millis());
            request.addHeader(WindowSignature.APP_ID, "app");
            request.addHeader(WindowSignature.TIMESTAMP, ts);
            request.addHeader(WindowSignature.NONCE, "n-1");
            request.addHeader(WindowSignature.SIGNATURE,
                    WindowSignature.sign("secret", "GET", rawUri, ts, "n-1", new byte[0]));
        }
        return request;
    }

    @Test
    void theDecisionIsMadeOnTheRoutedPathNotTheRawUri() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(get("/api/%77indow/v1/cases/SC-1", "/api/window/v1/cases/SC-1", false), response, chain);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(chain.getRequest()).as("the handler is never reached").isNull();
    }

    @Test
    void aDatabaseFailingUnderTheGuardIs503WithRetryAfter() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        when(nonces.claim(any(), any(), any())).thenThrow(new CannotGetJdbcConnectionException("database down"));
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(get("/api/window/v1/cases/SC-1", "/api/window/v1/cases/SC-1", true), response, chain);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("urn:skills-filing-bridge:problem:unavailable");
        assertThat(chain.getRequest()).isNull();
    }

    /** An unsigned call while the database is down: its refusal cannot be counted, and the answer is 503, not 500. */
    @Test
    void aDatabaseFailingUnderAnAnonymousRefusalIs503Too() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        org.mockito.Mockito.doThrow(new IllegalStateException("counting failed", new java.sql.SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available"))).when(anonymous).count(any(), any(), any());
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(get("/api/window/v1/cases/SC-1", "/api/window/v1/cases/SC-1", false), response,
                new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentAsString()).contains("urn:skills-filing-bridge:problem:unavailable")
                .doesNotContain("Hikari");
    }

    @Test
    void notReadyIs503BeforeAnyAuthentication() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.REFUSING_TRAFFIC);
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(get("/api/window/v1/cases/SC-1", "/api/window/v1/cases/SC-1", true), response,
                new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
    }
}
