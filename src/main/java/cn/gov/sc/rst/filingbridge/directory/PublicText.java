package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.wiring.PersonalData;

/**
 * The last line of defence for free text that goes public: anything shaped like a GB 11643 identity number (18 or 15
 * digits) or a mainland mobile number (with or without 86 / +86 / 0086, full-width digits included) is replaced,
 * whatever field it was typed into. What counts as such a number is {@link PersonalData}'s rule set, the same the
 * logs and the intake checks use.
 */
final class PublicText {

    static final String HIDDEN = "[已隐去]";

    private PublicText() {
    }

    /**
     * A credit code as registered, unless it is a citizen ID number (one in 31 of them passes GB 32100's check): the
     * intake refuses those, but the register also holds imported institutions and filings from before that check.
     */
    static String creditCode(String code) {
        return PersonalData.isIdNumber(code) ? HIDDEN : code;
    }

    /**
     * What the shared rule set leaves alone because logs need it to, but public text must not carry: an ID number
     * right after Latin letters ({@code ID510104…}: the shared rule skips it so as not to cut codes and hashes) or
     * written in its groups ({@code 510104 19900101 1234}), and a mobile number with dots ({@code 138.1234.5678}).
     */
    private static final java.util.regex.Pattern MORE = java.util.regex.Pattern.compile(
            "(?<!\\d)[1-9]\\d{5}[ .\\-]?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])[ .\\-]?\\d{3}[0-9Xx]"
                    + "(?![0-9A-Za-z])"
                    + "|(?<!\\d)1[3-9]\\d[ .\\-]?\\d{4}[ .\\-]?\\d{4}(?!\\d)");

    static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return MORE.matcher(PersonalData.hide(text, HIDDEN)).replaceAll(HIDDEN);
    }
}
