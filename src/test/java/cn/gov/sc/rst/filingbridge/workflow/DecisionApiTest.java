package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The database down under a decision, or the gateway not ready: 503 with Retry-After, so the skills system sends it
 * again; never 500.
 */
class DecisionApiTest {

    private static DecisionApi api(Decisions decisions) {
        return api(decisions, org.springframework.boot.availability.ReadinessState.ACCEPTING_TRAFFIC);
    }

    private static DecisionApi api(Decisions decisions, org.springframework.boot.availability.ReadinessState state) {
        org.springframework.boot.availability.ApplicationAvailability availability =
                mock(org.springframework.boot.availability.ApplicationAvailability.class);
        when(availability.getReadinessState()).thenReturn(state);
        return new DecisionApi(decisions, availability);
    }

    @Test
    void aDecisionWhileTheGatewayIsNotReadyIs503AndIsNotTaken() throws Exception {
        Decisions decisions = mock(Decisions.class);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/skills/v1/decisions");
        request.setContent("{\"decisionId\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        ResponseEntity<?> answer = api(decisions, org.springframework.boot.availability.ReadinessState.REFUSING_TRAFFIC)
                .post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        assertThat(((ProblemDetail) answer.getBody()).getType().toString())
                .isEqualTo("urn:skills-filing-bridge:problem:not-ready");
        org.mockito.Mockito.verifyNoInteractions(decisions);
    }

    @Test
    void aDecisionWhileTheDatabaseIsDownIs503WithRetryAfter() throws Exception {
        Decisions decisions = mock(Decisions.class);
        when(decisions.receive(any(), any())).thenThrow(new CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/skills/v1/decisions");
        request.setContent("{\"decisionId\":\"x\"}".getBytes(StandardCharsets.UTF_8));

        ResponseEntity<?> answer = api(decisions).post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
        assertThat(((ProblemDetail) answer.getBody()).getType().toString())
                .isEqualTo("urn:skills-filing-bridge:problem:unavailable");
    }

    /** Cheap refusals first: no or malformed signature headers are refused before a byte of the body is read. */
    @Test
    void aPostWithoutSignatureHeadersIsRefusedBeforeItsBodyIsRead() throws Exception {
        Decisions decisions = mock(Decisions.class);
        when(decisions.refuseUnsignedHeaders(any())).thenReturn(java.util.Optional.of(new Decisions.Answer(401,
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("status", 401))));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/skills/v1/decisions") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                throw new AssertionError("the body was read");
            }
        };

        ResponseEntity<?> answer = api(decisions).post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        org.mockito.Mockito.verify(decisions, org.mockito.Mockito.never()).receive(any(), any());
    }

    @Test
    void anyOtherFailureIsNotDisguisedAsUnavailable() {
        Decisions decisions = mock(Decisions.class);
        when(decisions.receive(any(), any())).thenThrow(new IllegalStateException("a defect"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/skills/v1/decisions");
        request.setContent(new byte[0]);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api(decisions).post(request))
                .isInstanceOf(IllegalStateException.class);
    }
}
