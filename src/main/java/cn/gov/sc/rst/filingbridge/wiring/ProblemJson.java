package cn.gov.sc.rst.filingbridge.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.springframework.http.ProblemDetail;

/**
 * The one writer of RFC 9457 problem+json for every API (window, decisions, calendar, directory, the firewall and the
 * error page): a Spring {@link ProblemDetail} whose type is {@code urn:skills-filing-bridge:problem:<reason>}, written
 * as type, title, status, detail (when set), then its extra properties in the order they were set.
 */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json;charset=UTF-8";
    public static final String TYPE_PREFIX = "urn:skills-filing-bridge:problem:";

    private ProblemJson() {
    }

    public static ProblemDetail of(int status, String reason, String title) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_PREFIX + reason));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail of(int status, String reason, String title, String detail) {
        ProblemDetail problem = of(status, reason, title);
        problem.setDetail(detail);
        return problem;
    }

    public static ObjectNode tree(ObjectMapper json, ProblemDetail problem) {
        ObjectNode node = json.createObjectNode();
        node.put("type", problem.getType().toString());
        node.put("title", problem.getTitle());
        node.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            node.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            node.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach((name, value) -> node.set(name, json.valueToTree(value)));
        }
        return node;
    }

    public static byte[] bytes(ObjectMapper json, ProblemDetail problem) {
        try {
            return json.writeValueAsBytes(tree(json, problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document cannot be written", e);
        }
    }
}
