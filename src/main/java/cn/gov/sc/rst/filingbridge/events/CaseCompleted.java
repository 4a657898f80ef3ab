package cn.gov.sc.rst.filingbridge.events;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A case reached its end (办结): {@code bjjgdm} 6 准予 (filed), 7 不予 (refused) or 5 补正不来办结 (terminated).
 * What the result notice (办理结果告知书, 附件3) needs: the applicant unit, the authority that signs it and the date; for
 * 6 the filing number, validity and where the result is published; for 7 and 5 the reason and the clause.
 */
public record CaseCompleted(String caseId, String sblsh, CaseType caseType, String bjjgdm, String applicantName,
                            String authorityName, LocalDate decidedOn, OffsetDateTime completedAt,
                            String filingNumber, LocalDate validFrom, LocalDate validTo, String publishedAt,
                            String reason, String clause) {

    public static final String FILED = "6";
    public static final String REFUSED = "7";
    public static final String TERMINATED = "5";
}
