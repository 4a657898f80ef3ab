package cn.gov.sc.rst.filingbridge.events;

import java.time.OffsetDateTime;

/** The skills system acknowledged a record of the case (version {@code recordVersion} of its skills records). */
public record DeliveredToSkills(String caseId, int recordVersion, OffsetDateTime deliveredAt) {
}
