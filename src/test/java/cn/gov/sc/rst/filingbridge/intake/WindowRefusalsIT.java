package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

/**
 * Cheap refusals first: what the headers alone decide is refused before a single body byte is read. And a gateway
 * that cannot serve says so truthfully: 503 with Retry-After, never 401.
 */
class WindowRefusalsIT extends WindowTestSupport {

    private static final String CASES = "/api/window/v1/cases";

    @Autowired
    private ApplicationContext context;
    @Autowired
    private AnonymousRefusals refusals;

    @Test
    void anUnknownAppAStaleTimestampOrAMalformedSignatureIsRefusedWithoutReadingTheBody() {
        RawHttp raw = new RawHttp(port);
        String now = String.valueOf(clock.millis());
        String hex64 = "a".repeat(64);
        Map<String, Map<String, String>> calls = Map.of(
                "auth:missing-headers", Map.of("Content-Type", "application/json"),
                "auth:unknown-app", Map.of(WindowSignature.APP_ID, "nobody", WindowSignature.TIMESTAMP, now,
                        WindowSignature.NONCE, "n1", WindowSignature.SIGNATURE, hex64),
                "auth:timestamp", Map.of(WindowSignature.APP_ID, WindowClient.APP_ID, WindowSignature.TIMESTAMP,
                        String.valueOf(clock.millis() - 3_600_000), WindowSignature.NONCE, "n2",
                        WindowSignature.SIGNATURE, hex64),
                "auth:signature-form", Map.of(WindowSignature.APP_ID, WindowClient.APP_ID, WindowSignature.TIMESTAMP,
                        now, WindowSignature.NONCE, "n3", WindowSignature.SIGNATURE, "not-hex"));
        calls.forEach((rule, headers) -> {
            // the body is announced (1 MiB) and never sent: only an answer decided on the headers comes back in time
            RawHttp.Response response = raw.sendHeadersOnly("POST", CASES, headers, 1 << 20, 5_000);
            assertThat(response.status()).as(rule + " -> " + response).isEqualTo(401);
            assertThat(response.header("Content-Type")).as(rule).startsWith("application/problem+json");
        });
    }

    @Test
    void anonymousRefusalsAreCountedNotStoredOneRowEach() {
        RawHttp raw = new RawHttp(port);
        long rows = rows("intake_refusal");
        long counted = jdbc.sql("SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count WHERE app_id = '-'")
                .query(Long.class).single();
        for (int i = 0; i < 20; i++) {
            // a different made-up app id each time: still one bucket, not one row per claim
            assertThat(raw.send("POST", CASES, Map.of(WindowSignature.APP_ID, "made-up-" + i,
                    WindowSignature.TIMESTAMP, String.valueOf(clock.millis()), WindowSignature.NONCE, "n" + i,
                    WindowSignature.SIGNATURE, "b".repeat(64), "Content-Type", "application/json"),
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status()).isEqualTo(401);
        }
        assertThat(rows("intake_refusal")).isEqualTo(rows);
        assertThat(jdbc.sql("SELECT COALESCE(SUM(refusals), 0) FROM window_refusal_count WHERE app_id = '-'")
                .query(Long.class).single()).isEqualTo(counted + 20);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM window_refusal_count WHERE app_id LIKE 'made-up-%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void oldRefusalsArePurged() {
        jdbc.sql("""
                INSERT INTO window_refusal_count (channel, reason_code, app_id, at_minute, refusals)
                VALUES ('REST', 'unauthenticated', '-', TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00', 5)""")
                .update();
        jdbc.sql("""
                INSERT INTO intake_refusal (channel, app_id, sblsh, http_status, reason_code, violations, refused_at)
                VALUES ('REST', 'test-app', 'SC-OLD-REFUSAL', 400, 'contract', '[]',
                        TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00')""").update();
        long recent = rows("window_refusal_count") - 1;
        assertThat(refusals.purge()).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM window_refusal_count WHERE at_minute < TIMESTAMP WITH TIME ZONE "
                + "'2021-01-01 00:00:00+00'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM intake_refusal WHERE sblsh = 'SC-OLD-REFUSAL'").query(Long.class)
                .single()).isZero();
        assertThat(rows("window_refusal_count")).as("recent counts are kept").isEqualTo(recent);
    }

    private long rows(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void aSignedCallWhileTheGatewayIsNotReadyIs503WithRetryAfterNever401() throws Exception {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            HttpResponse<String> rest = client().get(CASES + "/SC-NOT-READY");
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(503);
            assertThat(rest.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(rest.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(json.readTree(rest.body()).get("violations").get(0).get("rule").asText()).isEqualTo("not-ready");
            RawHttp.Response soap = new RawHttp(port).send("POST", "/services/window",
                    Map.of("Content-Type", "text/xml;charset=UTF-8"), new byte[0]);
            assertThat(soap.status()).isEqualTo(503);
            assertThat(soap.header("Retry-After")).isEqualTo("30");
            assertThat(soap.body()).contains("soap:Server");
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(client().get(CASES + "/SC-NOT-READY").statusCode()).isEqualTo(404);
    }
}
