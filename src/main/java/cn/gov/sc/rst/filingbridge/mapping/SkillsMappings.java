package cn.gov.sc.rst.filingbridge.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The skills-record mappings (mappings/skills/&lt;slug&gt;/v1/mapping.jsonata), each parsed once when the gateway starts
 * and evaluated per case. Camel 4.17's {@code jsonata:} endpoint reads and parses its expression on every exchange,
 * which took 28 % of the gateway's CPU under load; the mapping route calls {@link #map} instead, with the same input
 * and output as that endpoint (Jackson tree in, Jackson tree out).
 *
 * <p>A parsed {@link Jsonata} is shared by the mapping consumers' threads: each evaluation gets its own frame, and the
 * library keeps its evaluation state per thread. {@code SkillsMappingsConcurrencyTest} holds it to that.
 */
@Component
public class SkillsMappings {

    /** Every mapping folder: one per case type ({@link SkillsRecordContract#slug}). */
    public static final List<String> SLUGS = List.of("new-filing", "supplement", "change", "cancellation");

    private final ObjectMapper json;
    private final Map<String, Jsonata> parsed;

    /** The mappings on the classpath, as the packaged gateway carries them. */
    @Autowired
    public SkillsMappings(ObjectMapper json) {
        this(json, slug -> classpath("mappings/skills/" + slug + "/v1/mapping.jsonata"));
    }

    /** The mappings of a mappings/skills folder (tests and benchmarks run them from the repository). */
    public static SkillsMappings of(ObjectMapper json, Path skillsMappings) {
        return new SkillsMappings(json, slug -> {
            try {
                return Files.readString(skillsMappings.resolve(slug).resolve("v1/mapping.jsonata"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    SkillsMappings(ObjectMapper json, Function<String, String> source) {
        this.json = json;
        Map<String, Jsonata> byslug = new LinkedHashMap<>();
        for (String slug : SLUGS) {
            try {
                byslug.put(slug, Jsonata.jsonata(source.apply(slug)));
            } catch (RuntimeException e) {
                throw new IllegalStateException("mapping " + slug + "/v1/mapping.jsonata does not parse: "
                        + e.getMessage(), e);
            }
        }
        this.parsed = Map.copyOf(byslug);
    }

    private static String classpath(String resource) {
        try (InputStream in = SkillsMappings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("mapping not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record the mapping of {@code slug} produces from {@code input}. A mapping that stops on its own
     * ({@code $error}, e.g. a value missing from a code table) throws {@link com.dashjoin.jsonata.JException}.
     */
    public JsonNode map(SkillsRecords.MappingJob job) {
        return map(job.slug(), job.input());
    }

    /** The record the mapping of {@code slug} produces from {@code input} (see {@link #map(SkillsRecords.MappingJob)}). */
    public JsonNode map(String slug, JsonNode input) {
        Jsonata expression = parsed.get(slug);
        if (expression == null) {
            throw new IllegalArgumentException("no mapping " + slug);
        }
        Object result = expression.evaluate(json.convertValue(input, Object.class), expression.createFrame());
        return json.valueToTree(result);
    }
}
