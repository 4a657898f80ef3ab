package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/** The database failing behind the window answers 503 problem+json with Retry-After and leaks no internals. */
@DirtiesContext
class WindowFailureIT extends WindowTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void anUnexpectedFailureIs503WithoutInternals() throws Exception {
        AdviceWith.adviceWith(camel, "intake-rest-submit", a -> a.weaveById("intake-rest-submit-handle").replace()
                .throwException(new org.springframework.jdbc.CannotGetJdbcConnectionException(
                        "connection to jdbc:h2:secret-path refused")));

        HttpResponse<String> response = client().postCase(bytes(validCase("SC-FAIL-1")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).as("when to come back").hasValue("30");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).contains("unavailable").doesNotContain("jdbc").doesNotContain("CannotGetJdbcConnectionException");
    }
}
