package cn.gov.sc.rst.filingbridge.intake;

import java.util.List;

/** The case breaks one or more rules; nothing but the refusal record was stored. */
public class CaseRejectedException extends Exception {

    private final transient List<Violation> violations;

    public CaseRejectedException(List<Violation> violations) {
        super(violations.size() + " violation(s): " + violations.stream().map(v -> v.field() + " " + v.rule()).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
