package cn.gov.sc.rst.filingbridge.cases;

import java.time.OffsetDateTime;
import java.util.List;

/** An accepted case as later stages read it: its stored window payload and what intake decided about it. */
public record AcceptedCase(String caseId, String sblsh, CaseType caseType, String relatedSblsh, CaseState state,
                           String payload, OffsetDateTime receivedAt, List<String> missingMaterialCodes) {
}
