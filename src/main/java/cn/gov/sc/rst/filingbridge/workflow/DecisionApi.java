package cn.gov.sc.rst.filingbridge.workflow;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/skills/v1/decisions}: the skills system's callback with its signed decisions
 * ({@code contracts/skills-decision-v1.schema.json}). The exact body bytes are verified, so the body is read raw.
 */
@RestController
@RequestMapping("/api/skills/v1")
class DecisionApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DecisionApi.class);

    static final int MAX_BODY_BYTES = 1 << 20;

    private final Decisions decisions;
    private final org.springframework.boot.availability.ApplicationAvailability availability;

    DecisionApi(Decisions decisions, org.springframework.boot.availability.ApplicationAvailability availability) {
        this.decisions = decisions;
        this.availability = availability;
    }

    @PostMapping("/decisions")
    ResponseEntity<?> post(HttpServletRequest request) throws IOException {
        // as the window: a gateway starting or stopping takes no decision and says so (503, the same decision later)
        if (availability.getReadinessState() != org.springframework.boot.availability.ReadinessState.ACCEPTING_TRAFFIC) {
            return unavailable("not-ready", "网关尚未就绪（启动中或正在停止），请稍后以相同决定重试 / the gateway is not ready"
                    + " (starting or stopping); send the same decision again later");
        }
        Optional<Decisions.Answer> unsigned;
        try {
            unsigned = decisions.refuseUnsignedHeaders(request::getHeader);
        } catch (RuntimeException e) {
            if (!cn.gov.sc.rst.filingbridge.wiring.InfrastructureFailures.is(e)) {
                throw e;
            }
            return unavailable(e);
        }
        if (unsigned.isPresent()) {
            // refused on its headers alone: the body is never read
            return ResponseEntity.status(unsigned.get().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(unsigned.get().body());
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ResponseEntity.status(413).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemJson.of(413, "too-large", "决定超过 1 MiB / the decision exceeds 1 MiB"));
        }
        Decisions.Answer answer;
        try {
            answer = decisions.receive(body, request::getHeader);
        } catch (RuntimeException e) {
            if (!cn.gov.sc.rst.filingbridge.wiring.InfrastructureFailures.is(e)) {
                throw e;
            }
            return unavailable(e);
        }
        MediaType type = answer.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        return ResponseEntity.status(answer.status()).contentType(type).body(answer.body());
    }

    /** The database or broker is down: nothing was decided, the skills system sends the same decision again. */
    private static ResponseEntity<?> unavailable(RuntimeException e) {
        log.error("decision not taken: database or broker unavailable: {}", e.toString());
        return unavailable("unavailable", "数据库或消息服务暂时不可用，请稍后以相同决定重试 / database or broker unavailable;"
                + " send the same decision again later");
    }

    /** 503 with Retry-After: nothing was decided, the skills system sends the same decision again later. */
    private static ResponseEntity<?> unavailable(String reason, String detail) {
        return ResponseEntity.status(503).header("Retry-After", "30").contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemJson.of(503, reason, "服务暂时不可用 / Service temporarily unavailable", detail));
    }
}
