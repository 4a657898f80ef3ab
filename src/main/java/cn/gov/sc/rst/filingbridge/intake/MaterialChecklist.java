package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The required-materials checklist (data file {@code intake/material-checklist.json}): which materials each case type
 * needs, some only for industry departments or industry trades. A case missing some is still accepted; the missing
 * list is stored with it and returned in the receipt.
 */
public final class MaterialChecklist {

    private final Map<String, Entry> byCode;

    record Entry(String code, String name, List<String> caseTypes, String condition) {
    }

    private record File(String source, Map<String, String> conditions, List<Entry> materials) {
    }

    static final Set<String> CONDITIONS = Set.of("always", "industry-department", "industry-trade");

    MaterialChecklist(List<Entry> entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!CONDITIONS.contains(e.condition())) {
                throw new IllegalArgumentException("material " + e.code() + " has unknown condition " + e.condition()
                        + "; known: " + CONDITIONS);
            }
            map.put(e.code(), e);
        }
        this.byCode = map;
    }

    public static MaterialChecklist load(ObjectMapper json, String classpathResource) {
        try (InputStream in = MaterialChecklist.class.getClassLoader().getResourceAsStream(classpathResource)) {
            Objects.requireNonNull(in, () -> "material checklist not on the classpath: " + classpathResource);
            return new MaterialChecklist(json.readValue(in, File.class).materials());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read material checklist " + classpathResource, e);
        }
    }

    boolean isKnownCode(String code) {
        return byCode.containsKey(code);
    }

    Set<String> knownCodes() {
        return byCode.keySet();
    }

    /** The materials this case must carry and does not. */
    List<Receipt.MissingMaterial> missing(FilingCase c) {
        Set<String> present = c.clqd() == null ? Set.of()
                : c.clqd().stream().filter(Objects::nonNull).map(FilingCase.Material::code).collect(java.util.stream.Collectors.toSet());
        return byCode.values().stream()
                .filter(e -> e.caseTypes().contains(c.ywlx()))
                .filter(e -> applies(e.condition(), c))
                .filter(e -> !present.contains(e.code()))
                .map(e -> new Receipt.MissingMaterial(e.code(), e.name()))
                .toList();
    }

    private static boolean applies(String condition, FilingCase c) {
        var form = c.bab();
        return switch (condition) {
            case "always" -> true;
            case "industry-department" -> form != null && form.applicant() != null
                    && "行业部门".equals(form.applicant().unitCategory());
            case "industry-trade" -> form != null && form.occupations() != null && form.occupations().stream()
                    .anyMatch(o -> o != null && Boolean.TRUE.equals(o.industryTrade()));
            default -> throw new IllegalStateException("unknown checklist condition " + condition);
        };
    }
}
