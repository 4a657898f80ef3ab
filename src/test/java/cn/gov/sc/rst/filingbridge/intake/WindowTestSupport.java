package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.Application;
import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole gateway on a random port with its embedded defaults in a fresh data directory, a fixed clock
 * (2026-11-27 10:00 in Sichuan) and the test app's secret. The platform's feedback goes to one quiet platform simulator
 * shared by every context that does not name its own (so no context retries against a closed port all run long).
 */
@SpringBootTest(classes = {Application.class, WindowTestSupport.FixedClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // defaults that a subclass configuring its own context overrides with a dynamic bridge.data-dir, or
        // bridge.platform.base-url
        properties = {"bridge.data-dir=${bridge.test.shared-data-dir}",
                "bridge.platform.base-url=${bridge.test.platform-sink}",
                // tests take directory snapshots on demand, never on the daily schedule
                "bridge.directory.snapshot.enabled=false",
                // every test logs in from 127.0.0.1 on a fixed clock, so the login throttle would never forget a
                // failure: it is tested in a context of its own (console/OperatorGuardIT) with the real limits
                "bridge.console.login-throttle.max-failures=1000",
                // cached contexts all close when the test JVM exits, each waiting for its in-flight exchanges: 5 s
                // each at most, not the production 45 s
                "camel.main.shutdown-timeout=5"})
public abstract class WindowTestSupport {

    public static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
    public static final String OPERATOR = "ops-test";
    public static final String OPERATOR_PASSWORD = "ops-test-password";
    private static final String OPERATOR_HASH = org.springframework.security.crypto.factory.PasswordEncoderFactories
            .createDelegatingPasswordEncoder().encode(OPERATOR_PASSWORD);
    private static final Path DATA_DIR = DataDirs.fresh("bridge-it-");
    /**
     * Left running for the JVM's life: cached contexts keep delivering to it until the test JVM exits. On the gateway's
     * fixed clock: the gateway does not believe an SMS sentAt later than its own now plus the tolerance.
     */
    private static final PlatformSimulator PLATFORM_SINK = Peers.platform(Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")));

    @LocalServerPort
    protected int port;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected Clock clock;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("bridge.test.shared-data-dir", DATA_DIR::toString);
        registry.add("bridge.test.platform-sink", PLATFORM_SINK::baseUrl);
        registry.add("bridge.platform.apps." + WindowClient.APP_ID + ".secret", () -> WindowClient.SECRET);
        registry.add("bridge.platform.apps." + WindowClient.OTHER_APP_ID + ".secret", () -> WindowClient.OTHER_SECRET);
        registry.add("bridge.platform.answer-app-id", () -> WindowClient.APP_ID);
        registry.add("bridge.operators." + OPERATOR + ".password-hash", () -> OPERATOR_HASH);
        registry.add("bridge.operators." + OPERATOR + ".area", () -> "510000");
        // tests run the deadline sweep themselves (DeadlineSweep.sweep()) with a clock they move
        registry.add("bridge.workflow.sweep.enabled", () -> "false");
    }

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock testClock() {
            return Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));
        }
    }

    /** The Authorization header value that logs {@code user} in with HTTP Basic. */
    protected static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #basicAuth} for the province operator {@link #OPERATOR}. */
    protected static String operatorAuth() {
        return basicAuth(OPERATOR, OPERATOR_PASSWORD);
    }

    protected WindowClient client() {
        return new WindowClient("http://localhost:" + port, clock);
    }

    /** A client of the second configured app, {@link WindowClient#OTHER_APP_ID}. */
    protected WindowClient otherAppClient() {
        return new WindowClient("http://localhost:" + port, clock, WindowClient.OTHER_APP_ID, WindowClient.OTHER_SECRET);
    }

    protected ObjectNode validCase(String sblsh) {
        ObjectNode node = (ObjectNode) readFixture("valid-new-filing.json");
        node.put("SBLSH", sblsh);
        return node;
    }

    protected com.fasterxml.jackson.databind.JsonNode readFixture(String name) {
        try {
            return json.readTree(WindowTestSupport.class.getResourceAsStream("/fixtures/intake/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected byte[] bytes(Object node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A case accepted through the window: the id it is stored under and its SBLSH. */
    protected record Submitted(String caseId, String sblsh) {
    }

    /** The fixture as a new filing, its SBLSH {@code sblshPrefix} and a random UUID, as {@link #submitAccepted}. */
    protected Submitted submitValidCase(String sblshPrefix) {
        ObjectNode filing = validCase(sblshPrefix + UUID.randomUUID());
        return new Submitted(submitAccepted(filing), filing.get("SBLSH").asText());
    }

    /** Posts {@code filing} through the window, expects 200 and gives the id of the case it was stored under. */
    protected String submitAccepted(ObjectNode filing) {
        HttpResponse<String> response = client().postCase(bytes(filing));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return caseIdOf(filing.get("SBLSH").asText());
    }

    /**
     * Registers the institution {@code filingNumber} as filed by the authority of {@code authorityArea} (510000, or a
     * 市（州）'s XXXX00), so that a 变更 or 注销 naming it is taken and goes to that authority.
     */
    protected void registerInstitution(String filingNumber, String authorityArea) {
        cn.gov.sc.rst.filingbridge.testsupport.Institutions.register(jdbc, filingNumber, authorityArea);
    }

    /** {@link #registerInstitution} for a change or cancellation {@code filing}'s BAH, filed by 成都市. */
    protected void registerInstitutionOf(com.fasterxml.jackson.databind.JsonNode filing) {
        String type = filing.path("YWLX").asText();
        if (("变更".equals(type) || "注销".equals(type)) && filing.path("BAH").isTextual()) {
            registerInstitution(filing.get("BAH").asText(), cn.gov.sc.rst.filingbridge.testsupport.Institutions.CHENGDU);
        }
    }

    protected String caseIdOf(String sblsh) {
        return jdbc.sql("SELECT case_id FROM filing_case WHERE sblsh = ?").param(sblsh).query(String.class).single();
    }

    /** The case's state as stored. */
    protected String state(String caseId) {
        return jdbc.sql("SELECT state FROM filing_case WHERE case_id = ?").param(caseId).query(String.class).single();
    }

    /** The types of the case's events, in order. */
    protected List<String> history(String caseId) {
        return jdbc.sql("SELECT event_type FROM case_event WHERE case_id = ? ORDER BY seq").param(caseId)
                .query(String.class).list();
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
