package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/** The error page names a dependency that is down truthfully, however the failure reached it. */
class ProblemErrorsTest {

    private static ResponseEntity<ProblemDetail> errorFor(Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        return new ProblemErrors().error(request);
    }

    @Test
    void aTransactionThatCannotBeginIs503WithRetryAfter() {
        ResponseEntity<ProblemDetail> answer = errorFor(new IllegalStateException("handler failed",
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        assertThat(answer.getBody().getType().toString()).isEqualTo("urn:skills-filing-bridge:problem:unavailable");
    }

    @Test
    void aDefectStays500() {
        assertThat(errorFor(new IllegalStateException("a defect")).getStatusCode().value()).isEqualTo(500);
    }
}
