package cn.gov.sc.rst.filingbridge.notice;

/** The two styles of 附件3: {@link #ONE} when the institution was filed, {@link #TWO} when the case ended otherwise. */
public enum NoticeStyle {
    /** 样式（一）: filed (BJJGDM 6 准予). */
    ONE("样式（一）"),
    /** 样式（二）: terminated (BJJGDM 5 补正不来办结) or refused (BJJGDM 7 不予). */
    TWO("样式（二）");

    private final String label;

    NoticeStyle(String label) {
        this.label = label;
    }

    /** The style's name in 附件3 (a label of the template, never part of the notice itself). */
    public String label() {
        return label;
    }
}
