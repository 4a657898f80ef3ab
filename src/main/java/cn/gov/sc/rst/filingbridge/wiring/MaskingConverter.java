package cn.gov.sc.rst.filingbridge.wiring;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * Logback converter ({@code %maskedMsg}) that masks personal data in every log line: 18-character citizen ID /
 * social-security numbers keep their first 6 and last 2 characters (510104**********36) and 11-digit mobile numbers
 * keep their first 3 and last 4 (138****5678).
 */
public class MaskingConverter extends MessageConverter {

    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{6})\\d{10}(\\d[\\dXx])(?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)(1[3-9]\\d)\\d{4}(\\d{4})(?!\\d)");

    @Override
    public String convert(ILoggingEvent event) {
        return mask(super.convert(event));
    }

    public static String mask(String message) {
        if (message == null) {
            return null;
        }
        String masked = ID_NUMBER.matcher(message).replaceAll("$1**********$2");
        return MOBILE.matcher(masked).replaceAll("$1****$2");
    }
}
