package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ahead of authentication in both security chains: a login attempt (HTTP Basic credentials, or the console's login
 * form posted) of a user or from an address that {@link LoginThrottle} throttles is answered 429 with
 * {@code Retry-After} and problem+json, and never reaches the password check. Not a bean, so that it runs only inside
 * the chains that add it.
 */
final class LoginGate extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final ObjectMapper json;
    private final String formLoginPath;

    /** {@code formLoginPath}: the path the chain's login form posts to, or null for a chain without one. */
    LoginGate(LoginThrottle throttle, ObjectMapper json, String formLoginPath) {
        this.throttle = throttle;
        this.json = json;
        this.formLoginPath = formLoginPath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> user = attemptedUser(request);
        Optional<Duration> wait = user.flatMap(u -> throttle.retryAfter(u, request.getRemoteAddr()));
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemJson.of(429, "login-throttled",
                "登录失败次数过多，请稍后再试 / Too many failed logins, try again later",
                "该用户或该地址的登录失败次数过多，请 " + seconds + " 秒后再试 / too many failed logins for this user or from "
                        + "this address; retry in " + seconds + " s");
        problem.setProperty("retryAfterSeconds", seconds);
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.getOutputStream().write(ProblemJson.bytes(json, problem));
    }

    /** The user name a request tries to log in as: from HTTP Basic credentials, or the console's login form. */
    private Optional<String> attemptedUser(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.of("");
            }
        }
        if (formLoginPath != null && "POST".equals(request.getMethod())
                && formLoginPath.equals(request.getServletPath())) {
            String user = request.getParameter("username");
            return Optional.of(user == null ? "" : user.strip());
        }
        return Optional.empty();
    }
}
