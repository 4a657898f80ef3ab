package cn.gov.sc.rst.filingbridge.directory;

/** 职业技能等级: 1 is the highest (高级技师), 5 the entry level (初级工). */
final class Levels {

    private static final String[] LABELS = {"一级/高级技师", "二级/技师", "三级/高级工", "四级/中级工", "五级/初级工"};

    private Levels() {
    }

    static String label(int level) {
        return level >= 1 && level <= 5 ? LABELS[level - 1] : level + "级";
    }
}
