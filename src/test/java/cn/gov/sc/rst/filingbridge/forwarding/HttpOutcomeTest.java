package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.forwarding.HttpOutcome.Verdict;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one judgement of an HTTP peer's answer, over status codes and bodies. */
class HttpOutcomeTest {

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            # status | body                         | verdict   | reason
            200      | {"receivedAt":"2026-12-06"}  | DELIVERED | NULL
            201      | {}                           | DELIVERED | NULL
            204      | {"ok":true}                  | DELIVERED | NULL
            299      | {"ok":true}                  | DELIVERED | NULL
            200      | NULL                         | RETRY     | HTTP 200 with an unreadable acknowledgement:
            200      | '   '                        | RETRY     | HTTP 200 with an unreadable acknowledgement:
            200      | <html>ok</html>              | RETRY     | HTTP 200 with an unreadable acknowledgement: <html>ok</html>
            200      | [1,2]                        | RETRY     | HTTP 200 with an unreadable acknowledgement: [1,2]
            200      | "ok"                         | RETRY     | HTTP 200 with an unreadable acknowledgement: "ok"
            200      | {"broken":                   | RETRY     | HTTP 200 with an unreadable acknowledgement: {"broken":
            400      | {"error":"bad"}              | PARKED    | HTTP 400: {"error":"bad"}
            401      | denied                       | PARKED    | HTTP 401: denied
            404      | NULL                         | PARKED    | HTTP 404:
            409      | {"error":"conflict"}         | PARKED    | HTTP 409: {"error":"conflict"}
            422      | {"error":"BAH   invalid"}    | PARKED    | HTTP 422: {"error":"BAH invalid"}
            499      | x                            | PARKED    | HTTP 499: x
            408      | {"error":"timeout"}          | RETRY     | HTTP 408: {"error":"timeout"}
            429      | {"error":"slow down"}        | RETRY     | HTTP 429: {"error":"slow down"}
            500      | {"error":"boom"}             | RETRY     | HTTP 500: {"error":"boom"}
            502      | NULL                         | RETRY     | HTTP 502:
            503      | {}                           | RETRY     | HTTP 503: {}
            599      | x                            | RETRY     | HTTP 599: x
            301      | {}                           | RETRY     | HTTP 301: {}
            100      | {}                           | RETRY     | HTTP 100: {}
            199      | {}                           | RETRY     | HTTP 199: {}
            NULL     | NULL                         | RETRY     | HTTP 0:
            """)
    void judgesStatusAndBody(Integer status, String body, Verdict verdict, String reason) {
        HttpOutcome outcome = HttpOutcome.judge(status, body, json);

        assertThat(outcome.verdict()).isEqualTo(verdict);
        assertThat(outcome.status()).isEqualTo(status == null ? 0 : status);
        if (reason == null) {
            assertThat(outcome.reason()).isNull();
        } else {
            assertThat(outcome.reason().strip()).isEqualTo(reason);
            assertThat(outcome.retry().getMessage()).isEqualTo(outcome.reason());
        }
        assertThat(outcome.acknowledgement().isPresent()).as("only a delivered answer carries its acknowledgement")
                .isEqualTo(verdict == Verdict.DELIVERED);
    }

    @ParameterizedTest(name = "HTTP {0} decides: {1}")
    @CsvSource({"200, true", "204, true", "299, true", "400, true", "422, true", "499, true",
            "0, false", "100, false", "302, false", "408, false", "429, false", "500, false", "503, false"})
    void onlyA2xxOrAParking4xxIsDecisive(int status, boolean decisive) {
        assertThat(HttpOutcome.judge(status, "{}", json).decisive()).isEqualTo(decisive);
    }

    @Test
    void aDeliveredAnswerCarriesTheAcknowledgementAsRead() {
        HttpOutcome outcome = HttpOutcome.judge(200, "{\"sentAt\":\"2026-12-06T10:00:00+08:00\"}", json);

        assertThat(outcome.acknowledgement()).get().extracting(a -> a.path("sentAt").asText())
                .isEqualTo("2026-12-06T10:00:00+08:00");
    }

    @Test
    void aLongAnswerIsCutInTheReason() {
        HttpOutcome outcome = HttpOutcome.judge(503, "x".repeat(2_000), json);

        assertThat(outcome.reason()).startsWith("HTTP 503: xxx").endsWith("…").hasSize("HTTP 503: ".length() + 501);
    }
}
