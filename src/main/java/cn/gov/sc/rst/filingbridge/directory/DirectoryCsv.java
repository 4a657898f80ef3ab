package cn.gov.sc.rst.filingbridge.directory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The directory as CSV for spreadsheets: UTF-8 with a byte-order mark (Excel reads Chinese right only then), RFC 4180
 * (CRLF, fields with a comma, quote or line break quoted, quotes doubled), Chinese header. A cell that would start
 * with = + - @ gets a leading apostrophe so that no spreadsheet runs it as a formula.
 */
final class DirectoryCsv {

    static final List<String> HEADER = List.of("备案号", "机构名称", "举办单位", "统一社会信用代码", "地址", "负责人",
            "所在地区代码", "所在市（州）", "备案机关", "职业（工种）及等级", "业务范围", "有效期起", "有效期止", "状态",
            "状态日期", "撤销日期");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private DirectoryCsv() {
    }

    static byte[] write(List<PublicInstitution> institutions) {
        StringBuilder out = new StringBuilder();
        line(out, HEADER);
        for (PublicInstitution i : institutions) {
            line(out, List.of(i.filingNumber(), i.name(), i.unitName(), i.creditCode(), i.address(), i.director(),
                    i.areaCode(), i.prefecture(), i.authority(), i.occupationsText(), text(i.scope()),
                    text(i.validFrom()), text(i.validTo()), i.statusLabel(), text(i.statusDate()),
                    text(i.revokedOn())));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(BOM);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int n = 0; n < cells.size(); n++) {
            if (n > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(n)));
        }
        out.append("\r\n");
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
