package cn.gov.sc.rst.filingbridge.workflow;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
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

    static final int MAX_BODY_BYTES = 1 << 20;

    private final Decisions decisions;

    DecisionApi(Decisions decisions) {
        this.decisions = decisions;
    }

    @PostMapping("/decisions")
    ResponseEntity<?> post(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ResponseEntity.status(413).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemJson.of(413, "too-large", "决定超过 1 MiB / the decision exceeds 1 MiB"));
        }
        Decisions.Answer answer = decisions.receive(body, request::getHeader);
        MediaType type = answer.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        return ResponseEntity.status(answer.status()).contentType(type).body(answer.body());
    }
}
