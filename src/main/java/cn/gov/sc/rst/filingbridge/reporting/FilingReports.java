package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.AuthorityType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingEventCode;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import java.time.OffsetDateTime;
import java.util.Objects;

/** Builds the filing report of contracts/ministry-filing-report-v1.xsd. A pure function: every value is given. */
public final class FilingReports {

    private FilingReports() {
    }

    /**
     * The report of {@code event}, identified by {@code reportId} (a lowercase UUID) as the {@code version}-th report
     * of its case, made at {@code reportedAt}.
     */
    public static FilingReportType build(FilingEvent event, Institution institution, FilingAuthority authority,
                                         String reportId, int version, OffsetDateTime reportedAt) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        FilingReportType report = new FilingReportType();
        report.setReportId(reportId);
        report.setReportVersion(version);
        report.setReportedAt(reportedAt);
        report.setEvent(FilingEventCode.fromValue(event.kind().name()));
        report.setEventDate(event.eventDate());
        report.setFilingNumber(event.filingNumber());
        report.setInstitution(institution.toContract());
        AuthorityType filingAuthority = new AuthorityType();
        filingAuthority.setName(authority.name());
        filingAuthority.setAreaCode(authority.areaCode());
        report.setFilingAuthority(filingAuthority);
        return report;
    }
}
