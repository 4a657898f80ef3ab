package cn.gov.sc.rst.filingbridge.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The endpoints Camel's routes are not traced for ({@code camel.observation.exclude-patterns}), decided without cost
 * per exchange. Camel's own tracer matches every endpoint of every exchange against each pattern with
 * {@code EndpointHelper.matchEndpoint}, which normalises the URI and compiles each pattern as a regular expression on
 * every call that the pattern does not match literally: under load that was a sixth of the gateway's allocation
 * (docs/benchmarks.md). Here each pattern is read once: {@code scheme:*}-style wildcards (a trailing {@code *}) become
 * a prefix test, anything else a regular expression compiled once. As in Camel, {@code timer:x} and
 * {@code timer://x} are the same endpoint.
 */
final class ExcludedEndpoints implements Predicate<String> {

    private final List<Predicate<String>> patterns = new ArrayList<>();

    ExcludedEndpoints(String commaSeparated) {
        if (commaSeparated == null) {
            return;
        }
        for (String raw : commaSeparated.split(",")) {
            String pattern = raw.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            if (pattern.endsWith("*") && pattern.indexOf('*') == pattern.length() - 1) {
                String prefix = withoutSchemeSlashes(pattern.substring(0, pattern.length() - 1));
                patterns.add(uri -> uri.startsWith(prefix));
            } else {
                Pattern compiled = Pattern.compile(pattern);
                String literal = withoutSchemeSlashes(pattern);
                patterns.add(uri -> uri.equals(literal) || compiled.matcher(uri).matches());
            }
        }
    }

    /** Whether an endpoint with this URI is left untraced. */
    @Override
    public boolean test(String endpointUri) {
        if (endpointUri == null || patterns.isEmpty()) {
            return false;
        }
        String uri = withoutSchemeSlashes(endpointUri);
        for (Predicate<String> p : patterns) {
            if (p.test(uri) || p.test(endpointUri)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** {@code timer://tick?period=5} → {@code timer:tick?period=5}; anything without {@code ://} unchanged. */
    static String withoutSchemeSlashes(String uri) {
        int colon = uri.indexOf("://");
        return colon < 0 ? uri : uri.substring(0, colon + 1) + uri.substring(colon + 3);
    }
}
