package cn.gov.sc.rst.filingbridge.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Operator login failures, throttled: after {@code bridge.console.login-throttle.max-failures} failures within
 * {@code .window} for one user name, or from one address, further logins of that user or from that address are refused
 * (429, see {@link LoginGate}) until the oldest of those failures is older than the window. HTTP Basic on the operators'
 * API and the console's form login count alike: both fail through Spring Security's authentication events. Memory is
 * bounded: at most {@code .max-tracked} user names and as many addresses are remembered (least recently seen forgotten
 * first), each with its last {@code max-failures} failure times. User names are keyed lower-cased (Locale.ROOT), as
 * authentication ignores their case, so {@code OPS-CD} and {@code ops-cd} share one count. The start of a throttle is
 * logged (WARN) and counted in {@code bridge.console.login.throttle.started}; only a configured operator's user
 * throttle is also recorded as an operator action ({@code login-throttled}), at most once per user per window, so
 * made-up user names and address throttles add no rows. Every refused login counts in
 * {@code bridge.console.login.throttled}.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final String LOGIN_THROTTLED = "login-throttled";

    private final Clock clock;
    private final OperatorActions actions;
    private final OperatorProperties operators;
    private final MeterRegistry meters;
    private final int maxFailures;
    private final Duration window;
    private final Failures byUser;
    private final Failures byAddress;
    /** When each configured operator's throttle was last recorded as an operator action (bounded by the config). */
    private final Map<String, Instant> lastRecorded = new HashMap<>();

    LoginThrottle(Clock clock, OperatorActions actions, OperatorProperties operators, MeterRegistry meters,
                  @Value("${bridge.console.login-throttle.max-failures:5}") int maxFailures,
                  @Value("${bridge.console.login-throttle.window:1m}") Duration window,
                  @Value("${bridge.console.login-throttle.max-tracked:10000}") int maxTracked) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("bridge.console.login-throttle: max-failures and max-tracked must be "
                    + "at least 1 and window positive");
        }
        this.clock = clock;
        this.actions = actions;
        this.operators = operators;
        this.meters = meters;
        this.maxFailures = maxFailures;
        this.window = window;
        this.byUser = new Failures(maxTracked);
        this.byAddress = new Failures(maxTracked);
    }

    /** How long a login of {@code user} from {@code address} must wait; empty if it may be tried now. */
    Optional<Duration> retryAfter(String user, String address) {
        Instant now = clock.instant();
        Optional<Duration> wait = later(byUser.retryAfter(key(user), now), byAddress.retryAfter(key(address), now));
        wait.ifPresent(w -> Counter.builder("bridge.console.login.throttled")
                .description("operator logins refused because of earlier failures").register(meters).increment());
        return wait;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String user = event.getAuthentication().getName();
        String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : null;
        Instant now = clock.instant();
        if (byUser.fail(key(user), now)) {
            started("用户 / user " + user, address);
            // only a configured operator's throttle is an operator action, and at most once per user per window:
            // an anonymous caller choosing user names cannot grow operator_action
            operators.configured(user).filter(operator -> recordedNow(operator, now)).ifPresent(operator ->
                    actions.record(operator, areaOf(operator), LOGIN_THROTTLED, "用户 / user " + operator,
                            maxFailures + " 次登录失败（" + window.toSeconds() + " 秒内），暂停登录 / " + maxFailures
                                    + " failed logins within " + window.toSeconds() + " s from " + address
                                    + "; further logins refused with 429 for up to " + window.toSeconds() + " s"));
        }
        if (address != null && byAddress.fail(key(address), now)) {
            started("地址 / address " + address, address);
        }
    }

    private void started(String what, String address) {
        log.warn("operator logins throttled for {} (last from {}): {} failures within {}", what, address, maxFailures,
                window);
        Counter.builder("bridge.console.login.throttle.started")
                .description("throttles started after repeated operator login failures").register(meters)
                .increment();
    }

    /** True, and remembered, unless this operator's throttle was already recorded within the window. */
    private boolean recordedNow(String operator, Instant now) {
        synchronized (lastRecorded) {
            Instant last = lastRecorded.get(operator);
            if (last != null && last.plus(window).isAfter(now)) {
                return false;
            }
            lastRecorded.put(operator, now);
            return true;
        }
    }

    /** A successful login clears its user's failures (not its address's: one address may try many users). */
    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        byUser.clear(key(event.getAuthentication().getName()));
    }

    private String areaOf(String user) {
        OperatorProperties.Operator o = user == null ? null : operators.operators().get(user);
        return o == null || o.area() == null ? null : OperatorScope.normalise(o.area());
    }

    /** User names and addresses as throttled: lower-cased (Locale.ROOT), since authentication ignores case. */
    private static String key(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Optional<Duration> later(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().compareTo(b.get()) >= 0 ? a : b;
    }

    /** The last failure times per key, for at most {@code maxTracked} keys (least recently seen evicted). */
    private final class Failures {

        private final Map<String, Deque<Instant>> recent;

        Failures(int maxTracked) {
            this.recent = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                    return size() > maxTracked;
                }
            };
        }

        /** Records a failure; true when it is the one that starts a throttle. */
        synchronized boolean fail(String key, Instant now) {
            boolean throttledBefore = throttledUntil(key, now).isPresent();
            Deque<Instant> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>(maxFailures));
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
            return !throttledBefore && throttledUntil(key, now).isPresent();
        }

        synchronized Optional<Duration> retryAfter(String key, Instant now) {
            return throttledUntil(key, now).map(until -> Duration.between(now, until));
        }

        synchronized void clear(String key) {
            recent.remove(key);
        }

        private Optional<Instant> throttledUntil(String key, Instant now) {
            Deque<Instant> times = recent.get(key);
            if (times == null || times.size() < maxFailures) {
                return Optional.empty();
            }
            Instant until = times.peekFirst().plus(window);
            return until.isAfter(now) ? Optional.of(until) : Optional.empty();
        }
    }
}
