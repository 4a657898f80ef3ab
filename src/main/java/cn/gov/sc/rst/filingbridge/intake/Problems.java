package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem+json answers for the REST window, through the one writer {@link ProblemJson}. */
final class Problems {

    static final String PROBLEM_JSON = ProblemJson.MEDIA_TYPE;

    private Problems() {
    }

    static WindowReply reply(ObjectMapper json, int status, String reason, String titleZh, String titleEn,
                             List<Violation> violations) {
        ProblemDetail problem = ProblemJson.of(status, reason, titleZh + " / " + titleEn,
                violations.size() + " 项 / item(s)");
        problem.setProperty("violations", violations);
        return new WindowReply(status, PROBLEM_JSON, ProblemJson.bytes(json, problem));
    }
}
