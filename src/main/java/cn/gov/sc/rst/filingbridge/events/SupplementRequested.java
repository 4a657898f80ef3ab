package cn.gov.sc.rst.filingbridge.events;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The skills system found the materials incomplete: the platform must tell the applicant every missing or defective
 * material at once (SPBUZHENGGAOZHI), with the time limit in working days ({@code timeLimit} 5, unit G), and send the
 * SMS to {@code contactMobile} (LXRSJ).
 */
public record SupplementRequested(String caseId, String sblsh, String reason, List<Material> materials,
                                  int timeLimit, String timeLimitUnit, String contactMobile, OffsetDateTime decidedAt) {

    /** One missing or defective material: its checklist code, name and what is wrong with it. */
    public record Material(String code, String name, String problem) {
    }
}
