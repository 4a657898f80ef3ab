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
                    new BridgeProperties.Intake(10_485_760, 2_097_152, Duration.ofMinutes(5), 64, 67_108_864), null),
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

    /** A guard that may hold at most {@code budget} bytes of bodies not yet authenticated. */
    private WindowGuard guardWithBudget(long budget) {
        return new WindowGuard(
                new BridgeProperties("./data", new BridgeProperties.Platform("http://localhost:1",
                        Map.of("app", new BridgeProperties.App("secret"))), null, null,
                        new BridgeProperties.Intake(4_096, 2_097_152, Duration.ofMinutes(5), 64, budget), null),
                nonces, mock(IntakeService.class), new ObjectMapper(), CLOCK, availability, anonymous);
    }

    /** A POST of {@code size} bytes, signed; {@code lengthKnown} false: sent chunked, without Content-Length. */
    private MockHttpServletRequest post(int size, String nonce, boolean lengthKnown) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'x');
        MockHttpServletRequest request = lengthKnown ? new MockHttpServletRequest("POST", "/api/window/v1/cases")
                : new MockHttpServletRequest("POST", "/api/window/v1/cases") {
                    @Override
                    public long getContentLengthLong() {
                        return -1;
                    }
                };
        request.setServletPath("/api/window/v1/cases");
        request.setContent(body);
        request.setContentType("application/json");
        String ts = String.valueOf(CLOCK.millis());
        request.addHeader(WindowSignature.APP_ID, "app");
        request.addHeader(WindowSignature.TIMESTAMP, ts);
        request.addHeader(WindowSignature.NONCE, nonce);
        request.addHeader(WindowSignature.SIGNATURE,
                WindowSignature.sign("secret", "POST", "/api/window/v1/cases", ts, nonce, body));
        return request;
    }

    @Test
    void aBodyBeyondTheUnverifiedBudgetIs503BusyNotBuffered() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        WindowGuard small = guardWithBudget(1_000);
        for (boolean lengthKnown : new boolean[] {true, false}) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = new MockHttpServletResponse();
            small.doFilter(post(2_000, "n-big-" + lengthKnown, lengthKnown), response, chain);
            assertThat(response.getStatus()).as("Content-Length known: " + lengthKnown).isEqualTo(503);
            assertThat(response.getHeader("Retry-After")).isEqualTo("30");
            assertThat(response.getContentAsString()).contains("busy").contains("未认证");
            assertThat(chain.getRequest()).isNull();
        }
        org.mockito.Mockito.verify(anonymous, org.mockito.Mockito.times(2))
                .count(any(), org.mockito.ArgumentMatchers.eq("busy"), org.mockito.ArgumentMatchers.eq("app"));
    }

    @Test
    void theBudgetIsGivenBackOnceTheSignatureIsChecked() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        WindowGuard small = guardWithBudget(1_000);
        for (int i = 0; i < 3; i++) {   // 3 × 800 bytes one after the other: each fits once the one before is done
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = new MockHttpServletResponse();
            small.doFilter(post(800, "n-" + i, i % 2 == 0), response, chain);
            assertThat(response.getStatus()).as("request " + i).isEqualTo(200);
            assertThat(chain.getRequest()).as("request " + i + " reached the window").isNotNull();
        }
        MockHttpServletResponse forged = new MockHttpServletResponse();
        MockHttpServletRequest badSignature = post(800, "n-forged", true);
        badSignature.removeHeader(WindowSignature.SIGNATURE);
        badSignature.addHeader(WindowSignature.SIGNATURE, "0".repeat(64));
        small.doFilter(badSignature, forged, new MockFilterChain());
        assertThat(forged.getStatus()).isEqualTo(401);
        MockHttpServletResponse after = new MockHttpServletResponse();
        small.doFilter(post(800, "n-after", true), after, new MockFilterChain());
        assertThat(after.getStatus()).as("a refused signature gives its share back too").isEqualTo(200);
    }

    /** The 503 asks the caller to send the same request again: its nonce must still be unspent then. */
    @Test
    void aRequestTheRoutesFailedOnLeavesItsNonceForTheSameRequestAgain() throws Exception {
        when(availability.getReadinessState()).thenReturn(ReadinessState.ACCEPTING_TRAFFIC);
        MockHttpServletResponse response = new MockHttpServletResponse();
        guardWithBudget(1 << 20).doFilter(post(100, "n-failed", true), response, (req, res) -> {
            throw new CannotGetJdbcConnectionException("database down");
        });
        assertThat(response.getStatus()).isEqualTo(503);
        org.mockito.Mockito.verify(nonces, org.mockito.Mockito.never()).claimIfPending(any());
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
