package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which characters a text value may hold. JSON can carry any code unit as an escape ({@code \u0000}, a lone
 * {@code \uD800}), where XML 1.0 cannot: such values would be refused by the database (PostgreSQL takes no NUL), stored
 * damaged (a lone surrogate becomes {@code ?}) or break the XML the peers receive. They are refused at the window with
 * the field's path instead, rule {@link Rule#TEXT_CHARS}. Line breaks and tabs are allowed in general text; names that
 * are printed on one line (the result notice, the register) are checked with {@link #isOneLine}.
 */
public final class TextCharacters {

    private TextCharacters() {
    }

    /** Every string value of {@code tree} (keys included) that holds a character not allowed, by path. */
    public static List<Violation> check(JsonNode tree) {
        List<Violation> out = new ArrayList<>();
        walk(tree, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, List<Violation> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            if (!isAllowed(node.textValue())) {
                out.add(Violation.of(path.isEmpty() ? "$" : path, Rule.TEXT_CHARS));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!isAllowed(field.getKey())) {
                    out.add(Violation.of(path.isEmpty() ? "$" : path, Rule.TEXT_CHARS));
                    continue;
                }
                walk(field.getValue(), child, out);
            }
        }
    }

    /**
     * Whether {@code value} holds only characters a text may hold: no C0 control character but tab, line feed and
     * carriage return, no DEL or C1 control, no unpaired surrogate, no noncharacter (U+FFFE, U+FFFF and the like).
     */
    public static boolean isAllowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    if (isNoncharacter(Character.toCodePoint(c, value.charAt(i + 1)))) {
                        return false;
                    }
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : (c >= 0x7f && c <= 0x9f) || isNoncharacter(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} is allowed text without line breaks, tabs or the Unicode line and paragraph separators. */
    public static boolean isOneLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return isAllowed(value);
    }

    private static boolean isNoncharacter(int codePoint) {
        return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) == 0xfffe;
    }
}
