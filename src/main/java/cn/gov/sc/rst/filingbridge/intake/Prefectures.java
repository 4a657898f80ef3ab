package cn.gov.sc.rst.filingbridge.intake;

import java.util.Map;

/**
 * The 21 市（州） of Sichuan by their four-digit GB/T 2260 prefix: where an area code must lie (intake), whose 人社局 files
 * (mapping), what the public directory filters by.
 */
public final class Prefectures {

    public static final String CHENGDU = "5101";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("5101", "成都市"), Map.entry("5103", "自贡市"), Map.entry("5104", "攀枝花市"),
            Map.entry("5105", "泸州市"), Map.entry("5106", "德阳市"), Map.entry("5107", "绵阳市"),
            Map.entry("5108", "广元市"), Map.entry("5109", "遂宁市"), Map.entry("5110", "内江市"),
            Map.entry("5111", "乐山市"), Map.entry("5113", "南充市"), Map.entry("5114", "眉山市"),
            Map.entry("5115", "宜宾市"), Map.entry("5116", "广安市"), Map.entry("5117", "达州市"),
            Map.entry("5118", "雅安市"), Map.entry("5119", "巴中市"), Map.entry("5120", "资阳市"),
            Map.entry("5132", "阿坝藏族羌族自治州"), Map.entry("5133", "甘孜藏族自治州"), Map.entry("5134", "凉山彝族自治州"));

    private Prefectures() {
    }

    /** The 21 prefixes with their names, in code order. */
    public static java.util.SortedMap<String, String> all() {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(NAMES));
    }

    public static String name(String prefix) {
        String name = NAMES.get(prefix);
        if (name == null) {
            throw new IllegalArgumentException("not a Sichuan prefecture: " + prefix);
        }
        return name;
    }
}
