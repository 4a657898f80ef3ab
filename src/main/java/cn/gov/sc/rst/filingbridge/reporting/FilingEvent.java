package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.intake.CheckCodes;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Something that happened to a filing and must be reported to the ministry: which case it was decided on, what
 * happened, the filing number (备案号) and the date it took effect. The institution's data are the case's own (its
 * 备案表); see {@code forwarding.MinistryReports#enqueue}.
 */
public record FilingEvent(String caseId, Kind kind, String filingNumber, LocalDate eventDate) {

    /** What happened: 备案, 变更, 注销, 撤销. */
    public enum Kind {
        FILED("备案"),
        CHANGED("变更"),
        CANCELLED("注销"),
        REVOKED("撤销");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public FilingEvent {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filingNumber, "filingNumber");
        Objects.requireNonNull(eventDate, "eventDate");
        if (!CheckCodes.isFilingNumber(filingNumber)) {
            throw new IllegalArgumentException("filing number '" + filingNumber
                    + "' is not Y/S + 000051 + six digits (e.g. Y000051001064)");
        }
    }
}
