package cn.gov.sc.rst.filingbridge.architecture.violating;

/** A class outside the case kernel that only reads the case tables (and updates another): the rule lets it be. */
final class ReadsTheCaseTable {

    static final String READ = "SELECT state FROM filing_case WHERE case_id = :caseId";
    static final String OWN = "UPDATE filing_case_note SET seen = TRUE";

    private ReadsTheCaseTable() {
    }
}
