package cn.gov.sc.rst.filingbridge.directory;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The directory as CSV for spreadsheets: UTF-8 with a byte-order mark (Excel reads Chinese right only then), RFC 4180
 * (CRLF, fields with a comma, quote or line break quoted, quotes doubled) written by jackson-dataformat-csv, Chinese
 * header. A cell that would start with = + - @, a tab or a carriage return gets a leading apostrophe so that no
 * spreadsheet runs it as a formula (the OWASP "CSV injection" list).
 */
final class DirectoryCsv {

    static final List<String> HEADER = List.of("备案号", "机构名称", "举办单位", "统一社会信用代码", "地址", "负责人",
            "所在地区代码", "所在市（州）", "备案机关", "职业（工种）及等级", "业务范围", "有效期起", "有效期止", "状态",
            "状态日期", "撤销日期");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String FORMULA_STARTS = "=+-@\t\r";

    /**
     * Rows of strings, no schema columns: quotes only where RFC 4180 needs them (strict check, not Jackson's default
     * of quoting every longer value), doubles quotes, ends records with CRLF.
     */
    private static final ObjectWriter ROWS = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build()
            .writerFor(String[].class)
            .with(CsvSchema.emptySchema().withLineSeparator("\r\n"));

    private DirectoryCsv() {
    }

    static byte[] write(List<PublicInstitution> institutions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(BOM);
        try (SequenceWriter rows = ROWS.writeValues(bytes)) {
            rows.write(row(HEADER));
            for (PublicInstitution i : institutions) {
                rows.write(row(List.of(i.filingNumber(), i.name(), i.unitName(), i.creditCode(), i.address(),
                        i.director(), i.areaCode(), i.prefecture(), i.authority(), i.occupationsText(), text(i.scope()),
                        text(i.validFrom()), text(i.validTo()), i.statusLabel(), text(i.statusDate()),
                        text(i.revokedOn()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the directory CSV in memory", e);
        }
        return bytes.toByteArray();
    }

    /** How one value appears in the file: formula-safe, then quoted as RFC 4180 needs. */
    static String cell(String value) {
        try {
            String line = ROWS.writeValueAsString(row(List.of(value == null ? "" : value)));
            return line.substring(0, line.length() - "\r\n".length());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a CSV cell in memory", e);
        }
    }

    private static String[] row(List<String> cells) {
        return cells.stream().map(DirectoryCsv::formulaSafe).toArray(String[]::new);
    }

    private static String formulaSafe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
