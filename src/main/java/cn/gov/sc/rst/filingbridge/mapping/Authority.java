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

    static Authority province(String reason) {
        return new Authority(Tier.PROVINCE, "510000", "四川省人力资源和社会保障厅", reason);
    }

    static Authority prefecture(String prefectureCode, String reason) {
        return new Authority(Tier.PREFECTURE, prefectureCode + "00",
                Prefectures.name(prefectureCode) + "人力资源和社会保障局", reason);
    }
}
