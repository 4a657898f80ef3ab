package cn.gov.sc.rst.filingbridge.cases;

/**
 * States of a case through the procedure of the notice (三 and 附件2). Intake creates cases in {@link #RECEIVED};
 * the workflow moves them on. A case is open until it reaches a decision.
 */
public enum CaseState {
    RECEIVED(true),
    FORWARDED(true),
    UNDER_REVIEW(true),
    MATERIALS_INCOMPLETE(true),
    SUPPLEMENT_REQUESTED(true),
    SUPPLEMENTED(true),
    FILED(false),
    REFUSED(false),
    TERMINATED(false),
    CHANGED(false),
    CANCELLED(false),
    REVOKED(false);

    private final boolean open;

    CaseState(boolean open) {
        this.open = open;
    }

    public boolean isOpen() {
        return open;
    }
}
