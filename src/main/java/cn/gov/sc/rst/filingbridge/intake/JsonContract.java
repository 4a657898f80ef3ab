package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.ContractSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST window's request validation: the body is checked against the {@code FilingCase} schema of the served
 * OpenAPI document, every deviation reported with its path. JSON nulls count as absent fields.
 *
 * <p>Done here with the JSON Schema validator rather than by Camel's rest-openapi request validation: the window is
 * served by platform-http routes behind {@link WindowGuard} (signature over the raw body), and every rejection must
 * name the field and the rule in Chinese and English, which a generic validator's messages do not.
 */
final class JsonContract {

    static final String OPENAPI = "contracts/window-v1.openapi.yaml";
    /** The fields whose contract pattern is the SBLSH's: breaking it is {@link Rule#SBLSH_FORMAT}, not a bare schema error. */
    private static final Set<String> SBLSH_FIELDS = Set.of("SBLSH", "GLSBLSH");
    private final JsonSchema schema;

    JsonContract() {
        this.schema = ContractSchemas.load(OPENAPI + "#/components/schemas/FilingCase");
    }

    List<Violation> validate(JsonNode body) {
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(body)) {
            String path = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
            String where = m.getProperty() != null && !path.endsWith(m.getProperty()) && "additionalProperties".equals(m.getType())
                    ? (path.isEmpty() ? "" : path + ".") + m.getProperty() : path;
            String en = m.getMessage().replaceFirst("^\\$[^ ]*: ", "");
            if (Rule.breaksSblshFormat(m.getType()) && SBLSH_FIELDS.contains(where)) {
                if (out.stream().noneMatch(v -> v.field().equals(where) && v.rule().equals(Rule.SBLSH_FORMAT.code()))) {
                    out.add(Violation.of(where, Rule.SBLSH_FORMAT));
                }
                continue;
            }
            out.add(new Violation(where.isEmpty() ? "$" : where, Rule.SCHEMA.code() + ":" + m.getType(),
                    Rule.SCHEMA.zh() + "（" + m.getType() + "）：" + en, Rule.SCHEMA.en() + ": " + en));
        }
        out.sort(Comparator.comparing(Violation::field));
        return out;
    }

    /** Removes object members whose value is JSON null, at every depth. */
    static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    dropNulls(e.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(JsonContract::dropNulls);
        }
    }
}
