package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.intake.Prefectures;

/**
 * The authority that must handle a case: its tier, its GB/T 2260 area code, its name, and why (in the words of the
 * notice's 二、备案层级 or 四、备案变更).
 */
public record Authority(Tier tier, String areaCode, String name, String reason) {

    /** Province (省人社厅), a 市（州） (市（州）人社局), with 成都市 being the 市 whose remit reaches 技师. */
    public enum Tier {
        PROVINCE,
        PREFECTURE
    }

    /** The province's area code, 四川省人力资源和社会保障厅's. */
    public static final String PROVINCE_AREA = "510000";

    /**
     * The authority whose area code is {@code areaCode}: 510000 the province, a 市（州）'s {@code XXXX00} its 人社局.
     * Anything else is not an authority ({@link IllegalArgumentException}).
     */
    public static Authority ofArea(String areaCode, String reason) {
        if (PROVINCE_AREA.equals(areaCode)) {
            return province(reason);
        }
        if (areaCode == null || !areaCode.matches("51\\d{2}00")
                || !Prefectures.all().containsKey(areaCode.substring(0, 4))) {
            throw new IllegalArgumentException("not the area code of a Sichuan 人社 authority: " + areaCode);
        }
        return prefecture(areaCode.substring(0, 4), reason);
    }

    static Authority province(String reason) {
        return new Authority(Tier.PROVINCE, PROVINCE_AREA, "四川省人力资源和社会保障厅", reason);
    }

    static Authority prefecture(String prefectureCode, String reason) {
        return new Authority(Tier.PREFECTURE, prefectureCode + "00",
                Prefectures.name(prefectureCode) + "人力资源和社会保障局", reason);
    }
}
