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
 * list is stored with it and returned in the receipt. It also names the 备案表's structured data that a case type must
 * carry ({@code formData}: the office premises of 填报说明 1 and the ratios of 一.3 for a 设立备案); a case without
 * such data is refused by {@link CaseValidator}.
 */
public final class MaterialChecklist {

    private final Map<String, Entry> byCode;
    private final Map<String, FormData> formData;

    record Entry(String code, String name, List<String> caseTypes, String condition) {
    }

    /** Structured 备案表 data ({@code path} in the window contract) that the listed case types must carry. */
    record FormData(String path, String name, String source, List<String> caseTypes, String partOf) {
    }

    private record File(String source, Map<String, String> conditions, String formDataNote, List<Entry> materials,
                        List<FormData> formData) {
    }

    static final Set<String> CONDITIONS = Set.of("always", "industry-department", "industry-trade");

    MaterialChecklist(List<Entry> entries, List<FormData> formData) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!CONDITIONS.contains(e.condition())) {
                throw new IllegalArgumentException("material " + e.code() + " has unknown condition " + e.condition()
                        + "; known: " + CONDITIONS);
            }
            map.put(e.code(), e);
        }
        this.byCode = map;
        Map<String, FormData> data = new LinkedHashMap<>();
        for (FormData d : formData == null ? List.<FormData>of() : formData) {
            if (d.partOf() != null && !map.containsKey(d.partOf())) {
                throw new IllegalArgumentException("form data " + d.path() + " is part of unknown material " + d.partOf());
            }
            data.put(d.path(), d);
        }
        this.formData = data;
    }

    public static MaterialChecklist load(ObjectMapper json, String classpathResource) {
        try (InputStream in = MaterialChecklist.class.getClassLoader().getResourceAsStream(classpathResource)) {
            Objects.requireNonNull(in, () -> "material checklist not on the classpath: " + classpathResource);
            File file = json.readValue(in, File.class);
            return new MaterialChecklist(file.materials(), file.formData());
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

    /** The 备案表 data the checklist names, by its path in the window contract ({@code BAB.office}, …). */
    Map<String, FormData> formData() {
        return formData;
    }

    /** Whether a case of type {@code caseTypeLabel} (设立备案, …) must carry the 备案表 data at {@code path}. */
    boolean requiresFormData(String path, String caseTypeLabel) {
        FormData d = formData.get(path);
        if (d == null) {
            throw new IllegalStateException("the material checklist does not name the form data " + path);
        }
        return d.caseTypes().contains(caseTypeLabel);
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
