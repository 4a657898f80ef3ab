package cn.gov.sc.rst.filingbridge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import cn.gov.sc.rst.filingbridge.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The throttle's bookkeeping: per user and per address, a sliding window, success, and its memory bound. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private final OperatorActions actions = mock(OperatorActions.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private LoginThrottle throttle(int maxTracked) {
        return new LoginThrottle(clock, actions, new OperatorProperties(Map.of("ops", new OperatorProperties.Operator(
                "{noop}x", "510000"))), meters, 5, Duration.ofMinutes(1), maxTracked);
    }

    private static AuthenticationFailureBadCredentialsEvent failure(String user, String address) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(user, "pw");
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        return new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("bad"));
    }

    @Test
    void fiveFailuresOfOneUserFromFiveAddressesThrottleThatUserEverywhereButNotOthers() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            throttle.failed(failure("ops", "10.0.0." + i));
        }

        assertThat(throttle.retryAfter("ops", "10.0.0.99")).as("until the first failure is a minute old")
                .contains(Duration.ofSeconds(20));
        assertThat(throttle.retryAfter("someone-else", "10.0.0.1")).isEmpty();
        verify(actions, times(1)).record(eq("ops"), eq("510000"), eq(LoginThrottle.LOGIN_THROTTLED),
                eq("用户 / user ops"), any());
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.retryAfter("ops", "10.0.0.99")).as("the first failure left the window").isEmpty();
    }

    @Test
    void fiveFailuresFromOneAddressThrottleEveryUserFromItAndAreOnlyLoggedAndCounted() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 5; i++) {
            throttle.failed(failure("guess" + i, "192.0.2.7"));
        }

        assertThat(throttle.retryAfter("ops", "192.0.2.7")).contains(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("ops", "192.0.2.8")).isEmpty();
        verify(actions, never()).record(any(), any(), any(), any(), any());
        assertThat(meters.counter("bridge.console.login.throttle.started").count()).isEqualTo(1);
        assertThat(meters.counter("bridge.console.login.throttled").count()).isEqualTo(1);
    }

    @Test
    void aMadeUpUserNamesThrottleIsCountedButNeverAnOperatorAction() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 5; i++) {
            throttle.failed(failure("attacker-chosen\nname", "10.0.0." + i));
        }

        assertThat(throttle.retryAfter("attacker-chosen\nname", "10.0.0.99")).isPresent();
        verify(actions, never()).record(any(), any(), any(), any(), any());
        assertThat(meters.counter("bridge.console.login.throttle.started").count()).isEqualTo(1);
    }

    @Test
    void anOperatorsThrottleIsRecordedAtMostOncePerWindow() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            throttle.failed(failure("ops", "10.0.0." + i));
        }
        // the first failure leaves the window; the next one starts the throttle again within the same minute
        clock.advance(Duration.ofSeconds(56));
        assertThat(throttle.retryAfter("ops", "10.0.0.99")).isEmpty();
        throttle.failed(failure("ops", "10.0.0.6"));

        assertThat(throttle.retryAfter("ops", "10.0.0.99")).isPresent();
        assertThat(meters.counter("bridge.console.login.throttle.started").count()).isEqualTo(2);
        verify(actions, times(1)).record(eq("ops"), eq("510000"), eq(LoginThrottle.LOGIN_THROTTLED), any(), any());
    }

    @Test
    void caseVariantsOfAUserNameShareOneCount() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 5; i++) {
            throttle.failed(failure(i % 2 == 0 ? "OPS" : "ops", "10.0.0." + i));
        }

        assertThat(throttle.retryAfter("OPS", "10.0.0.99")).isPresent();
        assertThat(throttle.retryAfter("Ops", "10.0.0.99")).isPresent();
        verify(actions, times(1)).record(eq("ops"), eq("510000"), eq(LoginThrottle.LOGIN_THROTTLED), any(), any());
    }

    @Test
    void aSuccessForgetsTheUsersFailuresButNotTheAddresss() {
        LoginThrottle throttle = throttle(100);
        for (int i = 1; i <= 4; i++) {
            throttle.failed(failure("ops", "10.0.0." + i));
        }
        throttle.succeeded(new AuthenticationSuccessEvent(UsernamePasswordAuthenticationToken.authenticated("ops", null,
                java.util.List.of())));
        throttle.failed(failure("ops", "10.0.0.9"));

        assertThat(throttle.retryAfter("ops", "10.0.0.10")).isEmpty();
        verify(actions, never()).record(any(), any(), any(), any(), any());
    }

    @Test
    void memoryIsBoundedTheLeastRecentlySeenKeysAreForgotten() {
        LoginThrottle throttle = throttle(3);
        for (int i = 1; i <= 5; i++) {
            throttle.failed(failure("ops", "10.0.0.1"));
        }
        assertThat(throttle.retryAfter("ops", "10.0.0.50")).isPresent();
        for (int i = 0; i < 3; i++) {
            throttle.failed(failure("spray-" + i, "10.0.1." + i));
        }

        assertThat(throttle.retryAfter("ops", "10.0.0.50")).as("three newer users pushed ops out").isEmpty();
    }
}
