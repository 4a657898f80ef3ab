package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** RFC 9457 problem+json answers for the REST window. */
final class Problems {

    static final String PROBLEM_JSON = "application/problem+json;charset=UTF-8";

    private Problems() {
    }

    static WindowReply reply(ObjectMapper json, int status, String reason, String titleZh, String titleEn,
                             List<Violation> violations) {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "urn:skills-filing-bridge:problem:" + reason);
        problem.put("title", titleZh + " / " + titleEn);
        problem.put("status", status);
        problem.put("detail", violations.size() + " 项 / item(s)");
        ArrayNode list = problem.putArray("violations");
        violations.forEach(v -> list.add(json.valueToTree(v)));
        try {
            return new WindowReply(status, PROBLEM_JSON, json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write problem", e);
        }
    }
}
