package cn.gov.sc.rst.filingbridge.directory;

import java.util.regex.Pattern;

/**
 * The last line of defence for free text that goes public: anything shaped like a GB 11643 identity number or a
 * mainland mobile number is replaced, whatever field it was typed into.
 */
final class PublicText {

    /** GB 11643-1999 citizen identity number (18 characters, birth date inside). */
    static final Pattern ID_NUMBER = Pattern.compile(
            "(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx](?![0-9A-Za-z])");
    /** Mainland mobile number, optionally with +86 / 86. */
    static final Pattern MOBILE = Pattern.compile("(?<!\\d)(?:\\+?86[- ]?)?1[3-9]\\d{9}(?!\\d)");
    static final String HIDDEN = "[已隐去]";

    private PublicText() {
    }

    static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = ID_NUMBER.matcher(text).replaceAll(HIDDEN);
        return MOBILE.matcher(out).replaceAll(HIDDEN);
    }
}
