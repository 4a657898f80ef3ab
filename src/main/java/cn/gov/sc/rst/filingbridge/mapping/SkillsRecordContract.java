package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.wiring.ContractSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The skills-record v1 contract around the JSONata mappings: assembles a mapping's input ({@code case}, {@code context},
 * {@code tables}), checks a produced record against {@code contracts/skills-record-v1.schema.json}, and reads the
 * mappings' {@code UNMAPPED|field|table|value} errors. Plain Java: the route runs the mapping itself.
 */
public final class SkillsRecordContract {

    public static final String SCHEMA = "contracts/skills-record-v1.schema.json";
    private static final String UNMAPPED = "UNMAPPED|";

    private final ObjectMapper json;
    private final Supplier<ObjectNode> tables;
    private final JsonSchema schema;

    /** What intake and jurisdiction decided, given to the mapping beside the case. */
    public record Context(String caseId, int recordVersion, OffsetDateTime receivedAt, Authority authority,
                          List<String> missingMaterials) {
    }

    /** With fixed code tables (name → table). */
    public SkillsRecordContract(ObjectMapper json, Map<String, JsonNode> codeTables) {
        this(json, fixed(json, codeTables));
    }

    /** With the code tables in use at each mapping (they may be reloaded: {@link CodeTables}). */
    public SkillsRecordContract(ObjectMapper json, Supplier<ObjectNode> codeTables) {
        this.json = json;
        this.tables = codeTables;
        this.schema = ContractSchemas.load(SCHEMA);
    }

    private static Supplier<ObjectNode> fixed(ObjectMapper json, Map<String, JsonNode> codeTables) {
        ObjectNode tables = json.createObjectNode();
        codeTables.forEach(tables::set);
        return () -> tables;
    }

    /** The mapping folder of a case type: mappings/skills/&lt;slug&gt;/v1/. */
    public static String slug(CaseType caseType) {
        return switch (caseType) {
            case NEW_FILING -> "new-filing";
            case SUPPLEMENT -> "supplement";
            case CHANGE -> "change";
            case CANCELLATION -> "cancellation";
        };
    }

    public ObjectNode input(JsonNode casePayload, Context context) {
        ObjectNode ctx = json.createObjectNode();
        ctx.put("caseId", context.caseId());
        ctx.put("recordVersion", context.recordVersion());
        ctx.put("receivedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(context.receivedAt()));
        ctx.set("authority", json.valueToTree(context.authority()));
        ctx.set("missingMaterials", json.valueToTree(context.missingMaterials()));
        ctx.put("materialRefBase", "urn:skills-filing-bridge:case:" + context.caseId() + ":material:");
        ObjectNode input = json.createObjectNode();
        input.set("case", casePayload);
        input.set("context", ctx);
        input.set("tables", tables.get());
        return input;
    }

    /** Every way the record breaks the contract, empty when it fits. */
    public List<MappingProblem> check(JsonNode record) {
        return schema.validate(record).stream()
                .sorted(java.util.Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .map(SkillsRecordContract::problem).toList();
    }

    private static MappingProblem problem(ValidationMessage m) {
        String at = m.getInstanceLocation().toString().replaceFirst("^\\$", "record");
        String path = "required".equals(m.getType()) && m.getProperty() != null ? at + "." + m.getProperty() : at;
        String value = m.getInstanceNode() == null || m.getInstanceNode().isContainerNode() ? null
                : abbreviate(m.getInstanceNode().asText());
        return new MappingProblem(path, value, "skills-record/v1 " + m.getType() + ": "
                + m.getMessage().replaceFirst("^\\$[^ ]*: ", ""));
    }

    /** A mapping error raised for a value missing from a code table, if the message is one. */
    public static Optional<MappingProblem> unmapped(String message) {
        if (message == null) {
            return Optional.empty();
        }
        int at = message.indexOf(UNMAPPED);
        if (at < 0) {
            return Optional.empty();
        }
        String[] parts = message.substring(at + UNMAPPED.length()).split("\\|", 3);
        String value = parts.length > 2 ? abbreviate(parts[2]) : null;
        return Optional.of(new MappingProblem(parts[0], value, "code table " + (parts.length > 1 ? parts[1] : "?")
                + " has no entry"));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
