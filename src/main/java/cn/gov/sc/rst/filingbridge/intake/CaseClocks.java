package cn.gov.sc.rst.filingbridge.intake;

import java.util.List;

/** The statutory clocks of a case as the window shows them; the workflow keeps them. */
public interface CaseClocks {

    /** The case's clocks, oldest first, with working days remaining as of today. */
    List<CaseView.Clock> of(String caseId);
}
