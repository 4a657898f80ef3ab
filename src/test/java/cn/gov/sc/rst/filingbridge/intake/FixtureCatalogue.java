package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The intake fixture catalogue ({@code fixtures/intake/catalogue/*.json}): each entry names what it proves, the base
 * case it changes ({@code set} values at paths, {@code remove} paths), and the expected status with either the
 * violations (field, rule) or the missing materials.
 */
record FixtureCatalogue(String name, String proves, JsonNode body, int status, List<String> expectedViolations,
                        List<String> expectedMissing) {

    private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

    @Override
    public String toString() {
        return name + ": " + proves;
    }

    static Stream<FixtureCatalogue> all(ObjectMapper json) {
        try (Stream<Path> files = Files.list(Path.of(FixtureCatalogue.class.getResource("/fixtures/intake/catalogue").toURI()))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> load(json, p)).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FixtureCatalogue load(ObjectMapper json, Path file) {
        try {
            JsonNode entry = json.readTree(file.toFile());
            String name = file.getFileName().toString().replace(".json", "");
            ObjectNode body = (ObjectNode) json.readTree(
                    FixtureCatalogue.class.getResourceAsStream("/fixtures/intake/" + entry.get("base").asText()));
            body.put("SBLSH", name);
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.path("set").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                set(body, e.getKey(), e.getValue());
            }
            entry.path("remove").forEach(path -> remove(body, path.asText()));
            List<String> violations = new ArrayList<>();
            entry.path("expect").forEach(v -> violations.add(v.get("field").asText() + " " + v.get("rule").asText()));
            List<String> missing = new ArrayList<>();
            entry.path("missing").forEach(m -> missing.add(m.asText()));
            return new FixtureCatalogue(name, entry.get("proves").asText(), body, entry.get("status").asInt(),
                    violations, missing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        List<Object> steps = steps(path);
        JsonNode parent = navigate(root, steps.subList(0, steps.size() - 1));
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static void remove(JsonNode root, String path) {
        List<Object> steps = steps(path);
        JsonNode parent = navigate(root, steps.subList(0, steps.size() - 1));
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    private static JsonNode navigate(JsonNode root, List<Object> steps) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return steps;
    }
}
