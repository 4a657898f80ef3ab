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

    static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return PersonalData.hide(text, HIDDEN);
    }
}
