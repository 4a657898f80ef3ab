package cn.gov.sc.rst.filingbridge.wiring;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule set for personal data: what a citizen identity number (GB 11643, 18 characters, and the old
 * 15-digit form) and a mainland mobile number look like. The log masking ({@link MaskingConverter}), the public
 * directory's scrubbing and the intake checks all ask here, so that they cannot disagree.
 *
 * <p>Two questions, two strictnesses. <em>Is this field an ID / a mobile?</em> ({@link #isIdNumber},
 * {@link #isMobile}) is strict: the canonical form, check character right. <em>Does this text contain one?</em>
 * ({@link #mask}, {@link #hide}) is generous: full-width digits, {@code 86 / +86 / 0086} prefixes, spaces or
 * hyphens between the groups of a mobile, and any check character, because a mistyped ID is still personal data.
 * Everything the strict checks accept is found by the generous search.
 *
 * <p>Public: the directory, the intake checks and the console are separate capabilities that share this rule set.
 */
public final class PersonalData {

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final String MONTH_DAY = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])";

    /** Searched in digit-normalised text ({@link #normalise}); each alternative is a named group. */
    private static final Pattern FINDER = Pattern.compile(
            "(?<id18>(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}" + MONTH_DAY + "\\d{3}[0-9Xx](?![0-9A-Za-z]))"
                    + "|(?<id15>(?<![0-9A-Za-z])[1-9]\\d{5}\\d{2}" + MONTH_DAY + "\\d{3}(?![0-9A-Za-z]))"
                    + "|(?<mobile>(?<!\\d)(?<prefix>(?:\\+86|0086|86)[ -]?)?"
                    + "(?<head>1[3-9]\\d)[ -]?(?<mid>\\d{4})[ -]?(?<tail>\\d{4})(?!\\d))");
    private static final Pattern CANONICAL_MOBILE = Pattern.compile("1[3-9]\\d{9}");
    /** A run of fewer digits than a mobile number's 11 cannot be any personal number: the fast path. */
    private static final int SHORTEST = 11;

    /** What was found: its kind, and its digit-normalised text (without a mobile's prefix and separators). */
    public record Found(Kind kind, String prefix, String digits) {
    }

    public enum Kind { ID_NUMBER, MOBILE }

    private PersonalData() {
    }

    /** Logs and operator screens: an ID keeps its first 6 and last 2 characters, a mobile its first 3 and last 4. */
    public static String mask(String text) {
        return replace(text, PersonalData::partly);
    }

    /** Public text: every number found is replaced whole by {@code replacement}. */
    public static String hide(String text, String replacement) {
        return replace(text, found -> replacement);
    }

    /** Whether the text holds anything {@link #mask} would change. */
    public static boolean contains(String text) {
        return text != null && enoughDigits(text) && FINDER.matcher(normalise(text)).find();
    }

    /** GB 11643-1999: 17 digits (6 area, 8 birth date, 3 sequence) and a check character (digit or capital X). */
    public static boolean isIdNumber(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return id.charAt(0) != '0' && isBirthDate(id.substring(6, 14))
                && idCheckCharacter(id.substring(0, 17)) == id.charAt(17);
    }

    /** The GB 11643 check character of the first 17 digits. */
    public static char idCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("non-digit at " + i);
            }
            sum += (c - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11);
    }

    /** A mainland mobile number in canonical form: 11 ASCII digits, 1 then 3–9, no prefix or separator. */
    public static boolean isMobile(String s) {
        return s != null && CANONICAL_MOBILE.matcher(s).matches();
    }

    private static boolean isBirthDate(String yyyymmdd) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)),
                    Integer.parseInt(yyyymmdd.substring(4, 6)), Integer.parseInt(yyyymmdd.substring(6, 8)));
            return date.getYear() >= 1900;
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    private static String partly(Found found) {
        String d = found.digits();
        if (found.kind() == Kind.MOBILE) {
            return found.prefix() + d.substring(0, 3) + "****" + d.substring(7);
        }
        return d.substring(0, 6) + "*".repeat(d.length() - 8) + d.substring(d.length() - 2);
    }

    private static String replace(String text, Function<Found, String> replacement) {
        if (text == null || !enoughDigits(text)) {
            return text;
        }
        String normal = normalise(text);
        Matcher m = FINDER.matcher(normal);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            Found found = m.group("mobile") != null
                    ? new Found(Kind.MOBILE, m.group("prefix") == null ? "" : m.group("prefix"),
                            m.group("head") + m.group("mid") + m.group("tail"))
                    : new Found(Kind.ID_NUMBER, "", m.group());
            // unmatched stretches are copied from the original, so full-width text elsewhere is left as written
            out.append(text, last, m.start()).append(replacement.apply(found));
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    /**
     * Whether the text holds a run of at least 11 digits (ASCII or full-width) with at most one space or hyphen between
     * two of them: every number {@link #FINDER} finds is such a run (an ID is 15 or 17 digits in a row, a mobile 11
     * digits in groups), so text without one cannot hold personal data and skips the regex. Log lines full of ids
     * (UUIDs, record keys, timestamps) have many digits but no such run.
     */
    private static boolean enoughDigits(String text) {
        int run = 0;
        boolean separated = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= '０' && c <= '９')) {
                if (++run >= SHORTEST) {
                    return true;
                }
                separated = false;
            } else if (run > 0 && !separated && (c == ' ' || c == '-' || c == '－' || c == '\u3000')) {
                separated = true;
            } else {
                run = 0;
                separated = false;
            }
        }
        return false;
    }

    /**
     * Full-width digits, X, plus, hyphen and the ideographic space become their ASCII forms. One char for one char,
     * so positions in the result are positions in the original.
     */
    static String normalise(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '０' && c <= '９') {
                chars[i] = (char) ('0' + (c - '０'));
            } else if (c == 'Ｘ') {
                chars[i] = 'X';
            } else if (c == 'ｘ') {
                chars[i] = 'x';
            } else if (c == '＋') {
                chars[i] = '+';
            } else if (c == '－') {
                chars[i] = '-';
            } else if (c == '\u3000') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }
}
