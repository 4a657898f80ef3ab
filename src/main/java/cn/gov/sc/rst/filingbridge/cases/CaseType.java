package cn.gov.sc.rst.filingbridge.cases;

import java.util.Arrays;
import java.util.Optional;

/** 业务类型 (YWLX) as the window sends it. */
public enum CaseType {
    NEW_FILING("设立备案"),
    SUPPLEMENT("补正"),
    CHANGE("变更"),
    CANCELLATION("注销");

    private final String label;

    CaseType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<CaseType> parse(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    public static CaseType fromLabel(String label) {
        return parse(label).orElseThrow(() -> new IllegalArgumentException("unknown YWLX " + label));
    }
}
