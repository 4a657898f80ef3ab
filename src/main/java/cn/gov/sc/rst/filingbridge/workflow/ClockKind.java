package cn.gov.sc.rst.filingbridge.workflow;

/** The statutory clocks of a case, in working days, the event day not counted (三 and 附件2). */
public enum ClockKind {
    /** 材料完整性审查: within 5 working days of acceptance (受理). */
    COMPLETENESS(5, "材料审查 / completeness check"),
    /** 补正: the applicant has 5 working days from the one-time notice (一次性告知) being sent. */
    SUPPLEMENT(5, "补正 / supplement"),
    /** 备案: within 15 working days of the materials being found complete. */
    FILING(15, "备案决定 / filing decision");

    private final int workingDays;
    private final String label;

    ClockKind(int workingDays, String label) {
        this.workingDays = workingDays;
        this.label = label;
    }

    public int workingDays() {
        return workingDays;
    }

    public String label() {
        return label;
    }
}
