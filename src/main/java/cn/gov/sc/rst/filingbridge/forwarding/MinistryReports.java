package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.reporting.FilingAuthority;
import cn.gov.sc.rst.filingbridge.reporting.FilingEvent;
import cn.gov.sc.rst.filingbridge.reporting.FilingReports;
import cn.gov.sc.rst.filingbridge.reporting.Institution;
import cn.gov.sc.rst.filingbridge.reporting.ReportContractException;
import cn.gov.sc.rst.filingbridge.reporting.ReportXml;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.signing.SigningProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 备案情况报人社部: turns a filing event into a signed report waiting for delivery. The report is built from the case's
 * own 备案表 (or, for a case without one such as a 注销, from the last report about the same filing number), serialised
 * once, signed once over those bytes, and stored with its signature as the case's next MINISTRY record, with an outbox
 * entry to {@code bridge.ministry.reports}: every attempt sends exactly these bytes and this signature.
 *
 * <p>{@link #enqueue} joins the caller's transaction, so a decision and its report commit together. It is idempotent:
 * the same event (case, kind, filing number, date) again returns the report already queued.
 */
@Component
public class MinistryReports {

    /** The peer name under {@code bridge.signing.peer-formats}. */
    static final String PEER = "ministry";
    private static final Logger log = LoggerFactory.getLogger(MinistryReports.class);

    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final CaseJournal journal;
    private final ObjectMapper json;
    private final MessageSigner signer;
    private final SigningProperties signing;
    private final ReportXml xml;
    private final Clock clock;

    MinistryReports(Deliveries deliveries, JdbcClient jdbc, CaseJournal journal, ObjectMapper json,
                    MessageSigner signer, SigningProperties signing, ReportXml xml, Clock clock) {
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.journal = journal;
        this.json = json;
        this.signer = signer;
        this.signing = signing;
        this.xml = xml;
        this.clock = clock;
    }

    /** A report waiting for (or past) delivery: its outbound record, report id and version within its case. */
    public record QueuedReport(long recordId, String reportId, int version) {
    }

    /** A receipt the ministry signed for a report, as stored once its signature was verified. */
    public record StoredReceipt(long recordId, String receiptId, String status, String reason,
                                OffsetDateTime receivedAt, String receiptXml, String signerSerial,
                                String signerSubject, OffsetDateTime verifiedAt) {
    }

    /** Builds, signs and queues the report of {@code event}; or returns the one already queued for the same event. */
    public QueuedReport enqueue(FilingEvent event) throws MinistryReportException {
        AcceptedCase c = journal.accepted(event.caseId())
                .orElseThrow(() -> new MinistryReportException("no case " + event.caseId()));
        try (CaseLogContext ignored = CaseLogContext.sblsh(c.sblsh())) {
            Optional<QueuedReport> same = queued(event);
            if (same.isPresent()) {
                log.info("{} {} of {} already queued as report {}", event.kind(), event.eventDate(),
                        event.filingNumber(), same.get().reportId());
                return same.get();
            }
            FilingAuthority authority = authority(c).orElseThrow(() -> new MinistryReportException("case "
                    + c.sblsh() + " has no filing authority yet (it is decided when the case is mapped)"));
            Institution institution = institution(c, event);
            int version = deliveries.recordCount(DeliveryTarget.MINISTRY, c.caseId()) + 1;
            String reportId = UUID.randomUUID().toString();
            OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
            FilingReportType report = FilingReports.build(event, institution, authority, reportId, version, now);
            byte[] bytes;
            DetachedSignature signature;
            try {
                bytes = xml.report(report);
                signature = signer.sign(bytes, signing.formatFor(PEER));
            } catch (ReportContractException | SigningException e) {
                throw new MinistryReportException("the report of " + event.kind() + " " + event.filingNumber()
                        + " for case " + c.sblsh() + " cannot be made: " + e.getMessage(), e);
            }
            long recordId = store(event, c, version, reportId, bytes, signature, now);
            log.info("{} of {} queued for the ministry as report {} (version {})", event.kind(),
                    event.filingNumber(), reportId, version);
            return new QueuedReport(recordId, reportId, version);
        }
    }

    /** Whether a report about the institution {@code filingNumber} was ever queued (its institution can be told). */
    public boolean reported(String filingNumber) {
        return jdbc.sql("SELECT COUNT(*) FROM ministry_report WHERE filing_number = :n").param("n", filingNumber)
                .query(Integer.class).single() > 0;
    }

    /** The verified receipts stored for a case's reports, oldest first. */
    public List<StoredReceipt> receipts(String caseId) {
        return jdbc.sql("""
                SELECT m.record_id, m.receipt_id, m.receipt_status, m.reason, m.received_at, m.receipt_xml,
                  m.signature_cert, m.signer_subject, m.verified_at
                FROM ministry_receipt m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = :caseId ORDER BY m.receipt_row_id""")
                .param("caseId", caseId)
                .query((rs, i) -> new StoredReceipt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
    }

    private long store(FilingEvent event, AcceptedCase c, int version, String reportId, byte[] bytes,
                       DetachedSignature signature, OffsetDateTime now) {
        Deliveries.NewRecord record = new Deliveries.NewRecord(DeliveryTarget.MINISTRY, c.caseId(), version, reportId,
                "reportId", new String(bytes, StandardCharsets.UTF_8), now);
        return deliveries.queue(record, id -> {
            jdbc.sql("""
                    INSERT INTO ministry_report (record_id, report_id, filing_number, event_kind, event_date,
                      signature_alg, signature_cert, signature)
                    VALUES (:id, :reportId, :filingNumber, :kind, :eventDate, :alg, :cert, :signature)""")
                    .param("id", id).param("reportId", reportId).param("filingNumber", event.filingNumber())
                    .param("kind", event.kind().name()).param("eventDate", event.eventDate())
                    .param("alg", signature.algorithm()).param("cert", signature.certificateSerial())
                    .param("signature", signature.base64())
                    .update();
            journal.event(c.caseId(), "ministry-report-queued", null, "gateway:reporting",
                    "备案情况报人社部：" + event.kind().label() + " " + event.filingNumber() + "（第 " + version
                            + " 版） / filing report queued: " + event.kind() + " " + event.filingNumber(),
                    DeliveryTarget.MINISTRY.label() + " " + reportId);
        });
    }

    private Optional<QueuedReport> queued(FilingEvent event) {
        return jdbc.sql("""
                SELECT r.record_id, m.report_id, r.record_version
                FROM ministry_report m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE r.case_id = :caseId AND m.event_kind = :kind AND m.filing_number = :filingNumber
                  AND m.event_date = :eventDate""")
                .param("caseId", event.caseId()).param("kind", event.kind().name())
                .param("filingNumber", event.filingNumber()).param("eventDate", event.eventDate())
                .query((rs, i) -> new QueuedReport(rs.getLong(1), rs.getString(2), rs.getInt(3)))
                .optional();
    }

    private Optional<FilingAuthority> authority(AcceptedCase c) {
        return jdbc.sql("""
                SELECT authority_name, authority_area FROM filing_case
                WHERE case_id = :caseId AND authority_name IS NOT NULL AND authority_area IS NOT NULL""")
                .param("caseId", c.caseId())
                .query((rs, i) -> new FilingAuthority(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * The institution the report describes. A filing or a change reports the institution as its own 备案表 has it (a
     * change's form is the institution after the change). A cancellation or a revocation reports it as last reported
     * (after any change since it was filed): a revocation's case is the original 设立 case, whose form is the
     * institution before its changes, and a 注销's form, if the platform sends one, is not what the register holds.
     * Either falls back to the case's own form when nothing was reported about the number yet.
     */
    private Institution institution(AcceptedCase c, FilingEvent event) throws MinistryReportException {
        String filingNumber = event.filingNumber();
        boolean asLastReported = event.kind() == FilingEvent.Kind.CANCELLED || event.kind() == FilingEvent.Kind.REVOKED;
        Optional<String> earlier = jdbc.sql("""
                SELECT r.payload FROM ministry_report m JOIN outbound_record r ON r.record_id = m.record_id
                WHERE m.filing_number = :filingNumber AND m.event_kind IN ('FILED', 'CHANGED')
                ORDER BY r.record_id DESC FETCH FIRST 1 ROWS ONLY""")
                .param("filingNumber", filingNumber).query(String.class).optional();
        if (!asLastReported || earlier.isEmpty()) {
            try {
                Optional<Institution> own = Institution.of(json.readValue(c.payload(), FilingCase.class));
                if (own.isPresent()) {
                    return own.get();
                }
            } catch (JsonProcessingException e) {
                throw new MinistryReportException("the stored payload of case " + c.sblsh() + " is unreadable", e);
            }
        }
        if (earlier.isEmpty()) {
            throw new MinistryReportException("case " + c.sblsh() + " carries no 备案表 and no earlier report names "
                    + filingNumber + ": there is no institution to report");
        }
        try {
            return Institution.of(xml.report(earlier.get().getBytes(StandardCharsets.UTF_8)).getInstitution());
        } catch (ReportContractException e) {
            throw new MinistryReportException("the earlier report about " + filingNumber + " is unreadable", e);
        }
    }
}
