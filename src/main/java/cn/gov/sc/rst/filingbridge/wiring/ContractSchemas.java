package cn.gov.sc.rst.filingbridge.wiring;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.Locale;

/**
 * The published contracts' JSON Schemas (draft 2020-12) as every check of the gateway reads them: formats asserted,
 * messages in English (they go into the English half of a violation), locations as JSON paths, validators built once
 * at load so the first request pays nothing.
 */
public final class ContractSchemas {

    private ContractSchemas() {
    }

    /** The schema at {@code location} on the classpath, e.g. {@code contracts/x.schema.json} or {@code …yaml#/…}. */
    public static JsonSchema load(String location) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .pathType(PathType.JSON_PATH)
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("classpath:" + location), config);
        schema.initializeValidators();
        return schema;
    }
}
