package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.intake.Prefectures;
import java.util.Locale;
import java.util.Set;

/**
 * Filters and paging of a directory request, checked. {@code areaPrefix} is the 4-digit 市（州） prefix (area=5101 or
 * 510100) or a 6-digit county code; {@code occupation} matches an occupation's code exactly or its name by substring;
 * {@code text} (the page's q) matches like occupation or the institution's name by substring; {@code level} 1–5;
 * {@code status} FILED, CANCELLED or REVOKED; null means any.
 */
public record DirectoryQuery(String areaPrefix, String occupation, String text, Integer level, String status,
                             int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;
    static final Set<String> STATUSES = Set.of("FILED", "CANCELLED", "REVOKED");

    /** Everything, in one page as large as needed (exports and snapshots). */
    static DirectoryQuery everything() {
        return new DirectoryQuery(null, null, null, null, null, 0, Integer.MAX_VALUE);
    }

    static DirectoryQuery parse(String area, String occupation, String text, String level, String status, String page,
                                String size) {
        return new DirectoryQuery(area(area), blankToNull(occupation), blankToNull(text), level(level),
                status(status), number(page, 0, Integer.MAX_VALUE, 0, "page", "页码 page 须为不小于 0 的整数",
                        "page must be an integer of at least 0"),
                number(size, 1, MAX_SIZE, DEFAULT_SIZE, "size", "每页条数 size 须为 1–" + MAX_SIZE + " 的整数",
                        "size must be an integer from 1 to " + MAX_SIZE));
    }

    /** The same filters over all pages (exports). */
    DirectoryQuery allPages() {
        return new DirectoryQuery(areaPrefix, occupation, text, level, status, 0, Integer.MAX_VALUE);
    }

    boolean matches(PublicInstitution institution) {
        if (level != null && institution.occupations().stream().noneMatch(o -> o.levels().contains(level))) {
            return false;
        }
        if (occupation != null && institution.occupations().stream().noneMatch(o -> occupationMatches(o, occupation))) {
            return false;
        }
        if (text != null && !contains(institution.name(), text)
                && institution.occupations().stream().noneMatch(o -> occupationMatches(o, text))) {
            return false;
        }
        return true;
    }

    private static boolean occupationMatches(PublicInstitution.Occupation o, String wanted) {
        return wanted.equalsIgnoreCase(o.code()) || contains(o.name(), wanted);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private static String area(String area) {
        String a = blankToNull(area);
        if (a == null || a.equals("51") || a.equals("510000")) {
            return null;
        }
        if (!a.matches("\\d{4}|\\d{6}") || !Prefectures.all().containsKey(a.substring(0, 4))) {
            throw new BadDirectoryQueryException("地区 area 须为四川省的市（州）代码，如 5101 或 510100",
                    "area must be a Sichuan prefecture code such as 5101 or 510100");
        }
        return a.length() == 6 && a.endsWith("00") ? a.substring(0, 4) : a;
    }

    private static Integer level(String level) {
        String l = blankToNull(level);
        if (l == null) {
            return null;
        }
        return number(l, 1, 5, 0, "level", "等级 level 须为 1–5", "level must be 1 to 5");
    }

    private static String status(String status) {
        String s = blankToNull(status);
        if (s == null) {
            return null;
        }
        String upper = s.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(upper)) {
            throw new BadDirectoryQueryException("状态 status 须为 FILED、CANCELLED 或 REVOKED",
                    "status must be FILED, CANCELLED or REVOKED");
        }
        return upper;
    }

    private static int number(String value, int min, int max, int fallback, String name, String chinese,
                              String english) {
        String v = blankToNull(value);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the parameter's name
        }
        throw new BadDirectoryQueryException(chinese, english);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
