package cn.gov.sc.rst.filingbridge.events;

import java.time.OffsetDateTime;

/**
 * The platform confirmed that the one-time supplement notice (一次性告知) went out by SMS to the contact mobile at
 * {@code sentAt}: the supplement clock runs from then.
 */
public record SupplementNoticeSent(String caseId, OffsetDateTime sentAt) {
}
