package cn.gov.sc.rst.filingbridge.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations files shipped in {@code docs/ops/} (the Grafana dashboard and the Prometheus alert rules) as the tests
 * read them: their PromQL expressions, and the metric names those expressions select. The names are found without a
 * PromQL parser: label matchers, ranges, grouping clauses and strings are cut away, and of the identifiers left, those
 * not called as a function and not an operator keyword are metric names. That is enough for the plain expressions
 * these files use (no scientific notation, no metric names inside strings).
 */
final class OperationsFiles {

    static final Path DASHBOARD = Path.of("docs/ops/grafana/skills-filing-bridge.json");
    static final Path ALERTS = Path.of("docs/ops/prometheus/alerts.yml");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    private OperationsFiles() {
    }

    /** The metric names one PromQL expression selects. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The alert rules by name, each as its YAML map ({@code alert}, {@code expr}, {@code for}, labels, annotations). */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(read(ALERTS));
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                rules.put(String.valueOf(rule.get("alert")), rule);
            }
        }
        return rules;
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel's targets' expressions, keyed by panel title (a panel with several targets gives several). */
    static Map<String, List<String>> dashboardExprs() {
        Map<String, List<String>> exprs = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.computeIfAbsent(panel.path("title").asText(), t -> new ArrayList<>())
                        .add(target.path("expr").asText());
            }
        }
        return exprs;
    }

    /** The metric names every alert rule and dashboard panel selects. */
    static Set<String> allMetricNames() {
        Set<String> names = new TreeSet<>();
        alertRules().values().forEach(r -> names.addAll(metricNames(String.valueOf(r.get("expr")))));
        dashboardExprs().values().forEach(list -> list.forEach(e -> names.addAll(metricNames(e))));
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
