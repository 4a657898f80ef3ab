package cn.gov.sc.rst.filingbridge.architecture.violating;

/**
 * A class outside the case kernel that moves a case's state itself, the way mapping's SkillsRecords once did: the table
 * ownership rule must name it. Imported on its own by ArchitectureTest, never part of the main classes it checks.
 */
final class WritesTheCaseTable {

    static final String MOVE = """
            update   filing_case SET state = 'FILED'
            WHERE case_id = :caseId""";

    private WritesTheCaseTable() {
    }
}
