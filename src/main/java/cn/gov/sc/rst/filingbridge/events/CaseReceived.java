package cn.gov.sc.rst.filingbridge.events;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import java.time.OffsetDateTime;

/**
 * A case was accepted and stored (the platform got its receipt, 受理). {@code caseType} is the window's YWLX
 * (设立备案, 补正, 变更, 注销); {@code relatedSblsh} the case a 补正/变更/注销 refers to, or null.
 */
public record CaseReceived(String caseId, String sblsh, CaseType caseType, String relatedSblsh,
                           OffsetDateTime receivedAt) {
}
