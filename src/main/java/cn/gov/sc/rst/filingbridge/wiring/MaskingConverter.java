package cn.gov.sc.rst.filingbridge.wiring;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter ({@code %maskedMsg}) for the message of every log line: personal data masked by the one rule set
 * ({@link PersonalData#mask}: 510104**********36, 138****5678), then CR, LF and every other control character escaped
 * ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}), so a value that came from input can never start a log line of
 * its own. A line without control characters and with fewer than 11 digits is returned as it is, without a regex.
 */
public class MaskingConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return forLog(super.convert(event));
    }

    /** Masked, for places that show or store text for operators; line breaks kept (the console, operator actions). */
    public static String mask(String message) {
        return PersonalData.mask(message);
    }

    /** Masked and escaped: what a log line may show of any value. */
    public static String forLog(String value) {
        return escape(PersonalData.mask(value));
    }

    /** Control characters (C0, DEL, C1, the Unicode line and paragraph separators) as Java-style escapes. */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        int first = -1;
        for (int i = 0, n = value.length(); i < n; i++) {
            if (isControl(value.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
