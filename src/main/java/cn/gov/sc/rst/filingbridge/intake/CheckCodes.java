package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.PersonalData;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The code checks the notice and its national standards require. Pure functions. Public only where a later stage
 * checks the same value again (the SMS's mobile, a report's filing number), so that the pattern is written once.
 */
public final class CheckCodes {

    /** GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V. */
    static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** The 21 市（州） of Sichuan, GB/T 2260. */
    static final Set<String> SICHUAN_PREFECTURES = Prefectures.all().keySet();

    private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?");
    private static final Pattern OCCUPATION = Pattern.compile("[1-8]-\\d{2}-\\d{2}-\\d{2}");
    private static final Pattern FILING_NUMBER = Pattern.compile("[YS]000051\\d{6}");
    private static final Pattern AREA = Pattern.compile("\\d{6}");
    /** The contracts' SBLSH pattern (window-v1.xsd {@code Sblsh}, the OpenAPI and the decision schema say the same). */
    private static final Pattern SBLSH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private CheckCodes() {
    }

    static char usccCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = USCC_ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character outside the GB 32100 alphabet at " + i);
            }
            sum += value * USCC_WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return USCC_ALPHABET.charAt(check == 31 ? 0 : check);
    }

    static boolean isCreditCode(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (USCC_ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return usccCheckCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /** GB 11643's check character; the rule lives in {@link PersonalData}, shared with log masking and the directory. */
    static char idCheckCharacter(String first17) {
        return PersonalData.idCheckCharacter(first17);
    }

    /** GB 11643-1999: 17 digits (6 area, 8 birth date, 3 sequence) and a check character (digit or X). */
    static boolean isIdNumber(String id) {
        return PersonalData.isIdNumber(id);
    }

    /** A mainland mobile number: 11 digits, 1 then 3–9. */
    public static boolean isMobile(String s) {
        return PersonalData.isMobile(s);
    }

    static boolean isPhone(String s) {
        return s != null && (PersonalData.isMobile(s) || LANDLINE.matcher(s).matches());
    }

    static boolean isSichuanArea(String s) {
        return s != null && AREA.matcher(s).matches() && SICHUAN_PREFECTURES.contains(s.substring(0, 4));
    }

    static boolean isOccupationCode(String s) {
        return s != null && OCCUPATION.matcher(s).matches();
    }

    /** A 备案号: Y or S, 000051, six digits. */
    public static boolean isFilingNumber(String s) {
        return s != null && FILING_NUMBER.matcher(s).matches();
    }

    /**
     * A 申办流水号 (SBLSH, and a 补正's GLSBLSH): letters, digits, '-' and '_', 1 to 64 characters. It is a key in URLs,
     * file names and log lines, so nothing else is taken at either edge.
     */
    public static boolean isSblsh(String s) {
        return s != null && SBLSH.matcher(s).matches();
    }
}
