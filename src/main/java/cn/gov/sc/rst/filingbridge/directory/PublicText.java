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

    static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return PersonalData.hide(text, HIDDEN);
    }
}
