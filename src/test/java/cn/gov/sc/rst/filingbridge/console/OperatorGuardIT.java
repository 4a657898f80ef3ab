package cn.gov.sc.rst.filingbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.Application;
import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operators' edge against the whole gateway: login failures are throttled (HTTP Basic on /api/ops and the console's
 * login form alike, 429 with Retry-After, recorded), and the operators' API refuses a browser's cross-site write while
 * non-browser clients keep working. A context of its own: the production throttle limits (5 in 1 minute) and a clock
 * the tests move, so that one test's failures from 127.0.0.1 are forgotten before the next.
 */
@SpringBootTest(classes = {Application.class, OperatorGuardIT.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // as WindowTestSupport's (this annotation replaces its own), with the throttle at its defaults
        properties = {"bridge.platform.base-url=${bridge.test.platform-sink}",
                "bridge.directory.snapshot.enabled=false",
                "camel.main.shutdown-timeout=5"})
class OperatorGuardIT extends WindowTestSupport {

    private static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-operator-guard-");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(NOW, ZoneId.of("Asia/Shanghai"));
        }
    }

    @DynamicPropertySource
    static void ownDataDir(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
    }

    @Autowired
    MutableClock movable;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void forgetEarlierFailures() {
        // every failure so far (all from 127.0.0.1) now lies outside the 1-minute window
        movable.advance(Duration.ofMinutes(2));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder ops(String method, String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", basicAuth(user, password));
        }
        return request;
    }

    private HttpResponse<String> list(String user, String password) {
        return send(ops("GET", "/api/ops/v1/deliveries?status=PARKED", user, password).build());
    }

    private long actions(String action) {
        return jdbc.sql("SELECT COUNT(*) FROM operator_action WHERE action = ?").param(action).query(Long.class).single();
    }

    private void assertThrottled(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).endsWith(":login-throttled");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
    }

    @Test
    void fiveFailedBasicLoginsOfAUserWithinAMinuteThrottleItEvenWithTheRightPasswordUntilTheMinuteHasPassed()
            throws Exception {
        long recordedBefore = actions(LoginThrottle.LOGIN_THROTTLED);
        for (int i = 0; i < 5; i++) {
            movable.advance(Duration.ofSeconds(5));
            assertThat(list(OPERATOR, "wrong-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> throttled = list(OPERATOR, OPERATOR_PASSWORD);

        assertThrottled(throttled);
        assertThat(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .as("until the first of the five failures is a minute old").isEqualTo(40);
        assertThat(actions(LoginThrottle.LOGIN_THROTTLED)).as("the start of the throttle is recorded")
                .isGreaterThan(recordedBefore);
        assertThat(jdbc.sql("SELECT outcome FROM operator_action WHERE action = ? AND operator_name = ?"
                        + " ORDER BY action_id DESC FETCH FIRST 1 ROWS ONLY")
                .params(LoginThrottle.LOGIN_THROTTLED, OPERATOR).query(String.class).single()).contains("429");
        movable.advance(Duration.ofSeconds(41));
        assertThat(list(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void fiveFailuresFromOneAddressThrottleEveryUserFromIt() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(list("guess-" + UUID.randomUUID(), "guess").statusCode()).isEqualTo(401);
        }

        assertThrottled(list(OPERATOR, OPERATOR_PASSWORD));
        assertThrottled(send(ops("GET", "/actuator/prometheus", OPERATOR, OPERATOR_PASSWORD).build()));
        assertThat(list(null, null).statusCode()).as("a request without credentials is no login attempt")
                .isEqualTo(401);
    }

    @Test
    void throttlesOfMadeUpUserNamesAndOfAnAddressAreNotRecordedAsOperatorActions() {
        long recordedBefore = jdbc.sql("SELECT COUNT(*) FROM operator_action").query(Long.class).single();
        String madeUp = "nobody-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(list(madeUp, "guess").statusCode()).isEqualTo(401);
        }

        // both the made-up user's and 127.0.0.1's throttle started: logged and counted, no row
        assertThat(list(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operator_action").query(Long.class).single())
                .isEqualTo(recordedBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operator_action WHERE operator_name = ?").param(madeUp)
                .query(Long.class).single()).isZero();
    }

    @Test
    void theUserThrottleIgnoresTheCaseOfTheUserNameAsAuthenticationDoes() {
        String shouted = OPERATOR.toUpperCase(java.util.Locale.ROOT);
        assertThat(basicFrom("127.0.0.20", shouted, OPERATOR_PASSWORD)).as("authentication ignores case")
                .isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            // five addresses, so only the user's count can reach the limit
            assertThat(basicFrom("127.0.0.2" + i, OPERATOR, "wrong-" + i)).isEqualTo(401);
        }

        assertThat(basicFrom("127.0.0.29", shouted, OPERATOR_PASSWORD)).isEqualTo(429);
    }

    /** The status of a Basic-authenticated GET of the parked deliveries, sent from a given loopback address. */
    private int basicFrom(String localAddress, String user, String password) {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(30_000);
            String head = "GET /api/ops/v1/deliveries?status=PARKED HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\nAuthorization: " + basicAuth(user, password) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.substring(9, 12));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fourFailuresWithinAMinuteAreNotYetThrottled() {
        for (int i = 0; i < 4; i++) {
            assertThat(list(OPERATOR, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(list(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsolesLoginFormIsThrottledToo() throws Exception {
        HttpClient browser = browser();
        String csrf = consoleCsrf(browser);

        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = consoleLogin(browser, csrf, OPERATOR, i == 5 ? OPERATOR_PASSWORD : "wrong");
            if (i < 5) {
                assertThat(last.statusCode()).as("failure %d", i + 1).isEqualTo(302);
                assertThat(last.headers().firstValue("Location")).hasValueSatisfying(
                        l -> assertThat(l).endsWith("/console/login?error"));
            }
        }

        assertThrottled(last);
    }

    /** Failed console logins of made-up user names are logged and counted, never rows of operator_action. */
    @Test
    void failedConsoleLoginsOfMadeUpUserNamesWriteNoOperatorAction() throws Exception {
        HttpClient browser = browser();
        String csrf = consoleCsrf(browser);
        long before = jdbc.sql("SELECT COUNT(*) FROM operator_action").query(Long.class).single();

        for (int i = 0; i < 3; i++) {
            assertThat(consoleLogin(browser, csrf, "made-up-" + UUID.randomUUID(), "x").statusCode()).isEqualTo(302);
        }
        consoleLogin(browser, csrf, OPERATOR.toUpperCase(java.util.Locale.ROOT), "wrong");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM operator_action").query(Long.class).single())
                .as("only the configured operator's failure is an action").isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT operator_name FROM operator_action WHERE action = 'login-failed' ORDER BY action_id"
                + " DESC").query(String.class).list().get(0)).isEqualTo(OPERATOR);
    }

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The login page's CSRF token, with the session cookie kept by {@code browser}. */
    private String consoleCsrf(HttpClient browser) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/console/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        return token.group(1) != null ? token.group(1) : token.group(2);
    }

    private HttpResponse<String> consoleLogin(HttpClient browser, String csrf, String user, String password)
            throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", password,
                        "_csrf", csrf)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    // ---- cross-site requests to the operators' API

    private HttpResponse<String> replayUnknownRecord(Map<String, String> headers) {
        HttpRequest.Builder request = ops("POST", "/api/ops/v1/deliveries/987654321/replay?status=PARKED", OPERATOR,
                OPERATOR_PASSWORD);
        headers.forEach(request::header);
        return send(request.build());
    }

    private long replaysRecorded() {
        return jdbc.sql("SELECT COUNT(*) FROM operator_action WHERE action = ? AND target = ?")
                .params(OperatorActions.REPLAY_DELIVERY, "outbound_record 987654321").query(Long.class).single();
    }

    @Test
    void aBrowsersCrossSiteWriteToTheOperatorsApiIs403ProblemJsonAndNeverReachesIt() throws Exception {
        long before = replaysRecorded();
        for (Map<String, String> foreign : java.util.List.of(
                Map.of("Origin", "https://evil.example"),
                Map.of("Origin", "null"),
                Map.of("Origin", "http://localhost:" + (port + 1)),
                Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site", "Origin", "http://localhost:" + port))) {

            HttpResponse<String> refused = replayUnknownRecord(foreign);

            assertThat(refused.statusCode()).as("%s: %s", foreign, refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json.readTree(refused.body()).get("type").asText()).endsWith(":cross-site");
        }
        assertThat(replaysRecorded()).as("no refused write reached the handler").isEqualTo(before);
    }

    @Test
    void nonBrowserClientsSameOriginWritesAndCrossSiteReadsKeepWorking() {
        long before = replaysRecorded();

        HttpResponse<String> plain = replayUnknownRecord(Map.of());
        HttpResponse<String> sameOrigin = replayUnknownRecord(Map.of("Origin", "http://localhost:" + port,
                "Sec-Fetch-Site", "same-origin"));
        HttpResponse<String> read = send(ops("GET", "/api/ops/v1/deliveries?status=PARKED", OPERATOR,
                OPERATOR_PASSWORD).header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
                .build());

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(404);
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(404);
        assertThat(replaysRecorded()).isEqualTo(before + 2);
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    void theConsolesFormsStillNeedTheirCsrfTokenEvenFromTheSameOrigin() {
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/console/logout"))
                .header("Origin", "http://localhost:" + port).header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")).build());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
    }
}
