package cn.gov.sc.rst.filingbridge.console;

/**
 * What one operator may see and act on: the province (area 510000) sees every case; a 市（州） official only the cases
 * whose handling authority ({@code filing_case.authority_area}, six digits as {@code mapping.Authority} stores it) is
 * that 市（州）. A case not yet assigned to an authority is the province's.
 */
public record OperatorScope(String operator, String area) {

    public static final String PROVINCE_AREA = "510000";

    public OperatorScope {
        area = normalise(area);
    }

    public boolean province() {
        return PROVINCE_AREA.equals(area);
    }

    /** Whether a case handled by the authority of {@code authorityArea} (4 or 6 digits, or null) is in this scope. */
    public boolean allows(String authorityArea) {
        return province() || area.equals(normalise(authorityArea));
    }

    /** The area as a six-digit GB/T 2260 code: a four-digit 市（州） prefix gets its "00"; anything else is kept. */
    public static String normalise(String area) {
        if (area == null) {
            return "";
        }
        String a = area.trim();
        return a.length() == 4 ? a + "00" : a;
    }

    /** For the pages: 全省 or the area code. */
    public String label() {
        return province() ? "全省 / province (" + area + ")" : area;
    }
}
