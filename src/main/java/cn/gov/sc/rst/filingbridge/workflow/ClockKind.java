package cn.gov.sc.rst.filingbridge.workflow;

/** The statutory clocks of a case, in working days (the province's; a 市（州） may set shorter), the event day not counted. */
public enum ClockKind {
    /** 材料完整性审查: within 5 working days of acceptance (受理). */
    COMPLETENESS(5, "材料审查 / completeness check", "completeness-check"),
    /** 补正: the applicant has 5 working days from the one-time notice (一次性告知) being sent. */
    SUPPLEMENT(5, "补正 / supplement", "supplement"),
    /** 备案: within 15 working days of the materials being found complete. */
    FILING(15, "备案决定 / filing decision", "filing");

    private final int workingDays;
    private final String label;
    private final String property;

    ClockKind(int workingDays, String label, String property) {
        this.workingDays = workingDays;
        this.label = label;
        this.property = property;
    }

    /** The name of its limit under {@code bridge.workflow.limits.<area>.}. */
    public String property() {
        return property;
    }

    public int workingDays() {
        return workingDays;
    }

    public String label() {
        return label;
    }
}
