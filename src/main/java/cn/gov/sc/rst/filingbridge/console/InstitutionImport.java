package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.intake.CheckCodes;
import cn.gov.sc.rst.filingbridge.mapping.Authority;
import cn.gov.sc.rst.filingbridge.mapping.OriginalAuthorities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports institutions filed before the gateway existed, with the authority that filed them, so that their 变更 and
 * 注销 go to that authority (四(二), 四(三)). A file is CSV with the header {@code BAH,name,authority} (authority: the
 * area code of the filing authority, 510000 or a 市（州）'s {@code XXXX00}) or a JSON array of objects with those three
 * fields. Every row is checked first; a file with any bad row imports nothing and names each bad row (row number, field,
 * rule, Chinese and English). Importing the same file again changes nothing.
 */
@Component
class InstitutionImport {

    private final OriginalAuthorities originals;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    InstitutionImport(OriginalAuthorities originals, TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.originals = originals;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** One rejected row: its number (1 = the first data row), field, rule and messages. */
    record RowError(int row, String field, String rule, String messageZh, String messageEn) {
    }

    /** What an import did: per outcome, the filing numbers; or the rows that stopped it. */
    record Result(Map<String, List<String>> outcomes, List<RowError> errors) {
        boolean refused() {
            return !errors.isEmpty();
        }
    }

    Result run(String body, boolean isJson, String operator) {
        List<RowError> errors = new ArrayList<>();
        List<OriginalAuthorities.Imported> rows = isJson ? fromJson(body, errors) : fromCsv(body, errors);
        if (errors.isEmpty() && rows.isEmpty()) {
            errors.add(new RowError(0, "$", "empty", "导入文件没有机构", "the file holds no institution"));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<Integer> malformed = new java.util.HashSet<>();
        errors.stream().filter(e -> "malformed".equals(e.rule())).forEach(e -> malformed.add(e.row()));
        for (int i = 0; i < rows.size(); i++) {
            if (malformed.contains(i + 1)) {
                continue; // a line without its three columns is named once, as malformed
            }
            check(i + 1, rows.get(i), errors);
            if (rows.get(i).filingNumber() != null && !seen.add(rows.get(i).filingNumber())) {
                errors.add(new RowError(i + 1, "BAH", "duplicate", "同一备案号在文件中出现多次",
                        "the filing number appears more than once in the file"));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(Map.of(), errors);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.execute(s -> {
            Map<String, List<String>> outcomes = new LinkedHashMap<>();
            List<RowError> conflicts = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                OriginalAuthorities.Imported row = rows.get(i);
                OriginalAuthorities.Outcome outcome = originals.importOne(row, operator, now);
                if (outcome == OriginalAuthorities.Outcome.CONFLICT) {
                    conflicts.add(new RowError(i + 1, "BAH", "conflicting-import",
                            "该备案号已以不同的名称或备案机关导入", "the filing number was imported before with another "
                            + "name or authority"));
                }
                outcomes.computeIfAbsent(outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        k -> new ArrayList<>()).add(row.filingNumber());
            }
            if (!conflicts.isEmpty()) {
                s.setRollbackOnly();
                return new Result(Map.of(), conflicts);
            }
            return new Result(outcomes, List.of());
        });
    }

    private static void check(int n, OriginalAuthorities.Imported r, List<RowError> errors) {
        if (!CheckCodes.isFilingNumber(r.filingNumber())) {
            errors.add(new RowError(n, "BAH", "filing-number", "备案号格式错误（应为 Y 或 S + 0000 + 51 + 6 位序号，共 13 位）",
                    "filing number must be Y or S, 0000, 51 and a 6-digit serial (13 characters)"));
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            errors.add(new RowError(n, "name", "required", "机构名称必填，且不超过 200 字",
                    "the institution's name is required, 200 characters at most"));
        }
        try {
            Authority.ofArea(r.authorityArea(), "import");
        } catch (IllegalArgumentException e) {
            errors.add(new RowError(n, "authority", "authority-code",
                    "备案机关代码须为 510000（省人社厅）或市（州）代码 XXXX00",
                    "the authority code must be 510000 (the province) or a prefecture's XXXX00"));
        }
    }

    private List<OriginalAuthorities.Imported> fromJson(String body, List<RowError> errors) {
        List<OriginalAuthorities.Imported> rows = new ArrayList<>();
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || !tree.isArray()) {
            errors.add(new RowError(0, "$", "malformed", "须为机构对象的 JSON 数组（BAH、name、authority）",
                    "must be a JSON array of objects with BAH, name and authority"));
            return rows;
        }
        tree.forEach(o -> rows.add(new OriginalAuthorities.Imported(text(o, "BAH"), text(o, "name"),
                text(o, "authority"))));
        return rows;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText().strip();
    }

    private static List<OriginalAuthorities.Imported> fromCsv(String body, List<RowError> errors) {
        List<OriginalAuthorities.Imported> rows = new ArrayList<>();
        String[] lines = body.replace("\uFEFF", "").split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equalsIgnoreCase("BAH,name,authority")) {
            errors.add(new RowError(0, "$", "malformed", "CSV 首行须为 BAH,name,authority",
                    "the CSV's first line must be BAH,name,authority"));
            return rows;
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> cells = cells(lines[i]);
            if (cells.size() != 3) {
                errors.add(new RowError(rows.size() + 1, "$", "malformed", "每行须有 3 列（BAH,name,authority）",
                        "each line must have 3 columns (BAH,name,authority)"));
                rows.add(new OriginalAuthorities.Imported(null, null, null));
                continue;
            }
            rows.add(new OriginalAuthorities.Imported(cells.get(0), cells.get(1), cells.get(2)));
        }
        return rows;
    }

    /** The cells of one CSV line (RFC 4180 quotes, "" for a quote inside), stripped. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
