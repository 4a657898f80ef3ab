package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.reporting.ReportContractException;
import cn.gov.sc.rst.filingbridge.reporting.ReportXml;
import cn.gov.sc.rst.filingbridge.reporting.WireSignature;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReceiptType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.ReceiptStatusCode;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignedReceiptType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignedReportType;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.SignatureRejectedException;
import cn.gov.sc.rst.filingbridge.signing.SigningConfigurationException;
import cn.gov.sc.rst.filingbridge.signing.SigningProperties;
import cn.gov.sc.rst.filingbridge.signing.VerifiedSignature;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers filing reports to the ministry (route forwarding-ministry-report) and judges its answers.
 *
 * <p>A receipt counts only once its signature is verified over the exact receipt bytes, by a certificate that chains
 * to the trust store and is one of the ministry's ({@code bridge.ministry.signer-serials}), and once it reads as a
 * receipt for this very report. Then it is stored with the record: ACCEPTED delivers the record (case event
 * {@code ministry-reported}), REJECTED parks it with the ministry's reason.
 *
 * <p>An answer that fails any of these checks changes nothing: it is a retryable failure
 * ({@link ReceiptRejectedException}, reason "receipt signature rejected: …"), not a parking. An unverified receipt is
 * no evidence either way, neither that the ministry holds the report nor that it refused it, so it must not settle
 * the record; and sending the same report again is safe (the ministry answers a known report id with its first
 * receipt). Retrying also heals the causes that pass: a receipt damaged or tampered with on the way, or a ministry
 * key rollover that the trust store catches up with. If it does not pass, the schedule ends in the dead-letter queue
 * with the reason, where operators see it and replay.
 */
@Component("ministryDelivery")
public class MinistryDelivery {

    private static final Logger log = LoggerFactory.getLogger(MinistryDelivery.class);

    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ReportXml xml;
    private final MessageVerifier verifier;
    private final SigningProperties signing;
    private final Set<String> ministrySigners;

    MinistryDelivery(Deliveries deliveries, JdbcClient jdbc, TransactionTemplate tx, ReportXml xml,
                     MessageVerifier verifier, SigningProperties signing, BridgeProperties bridge) {
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.tx = tx;
        this.xml = xml;
        this.verifier = verifier;
        this.signing = signing;
        this.ministrySigners = signers(bridge.ministry().signerSerials());
    }

    /** What to send now: the record, its report id and the SOAP request carrying the stored bytes and signature. */
    public record Outgoing(long recordId, String reportId, SignedReportType request) {
    }

    private record Sent(String reportId, DetachedSignature signature) {
    }

    /** The report a delivery message names, or null when it is no longer waiting (delivered, parked or dead). */
    public Outgoing next(String message) throws JsonProcessingException, DeliveryRetryException {
        Deliveries.Pending pending = deliveries.next(DeliveryTarget.MINISTRY, message);
        if (pending == null) {
            return null;
        }
        Sent sent = sent(pending.recordId());
        SignedReportType request = new SignedReportType();
        request.setReportXml(pending.payload().getBytes(StandardCharsets.UTF_8));
        request.setSignature(WireSignature.toContract(sent.signature()));
        return new Outgoing(pending.recordId(), sent.reportId(), request);
    }

    /** Judges the ministry's answer (the operation's result list, as the CXF client returns it). */
    public void outcome(long recordId, List<?> answer) throws DeliveryRetryException {
        String reportId = sent(recordId).reportId();
        if (answer == null || answer.isEmpty() || !(answer.get(0) instanceof SignedReceiptType signed)) {
            throw new ReceiptRejectedException("the ministry answered without a receipt");
        }
        byte[] bytes = signed.getReceiptXml();
        if (bytes == null || bytes.length == 0) {
            throw new ReceiptRejectedException("the ministry's receipt has no receiptXml");
        }
        DetachedSignature signature;
        VerifiedSignature verified;
        try {
            signature = WireSignature.fromContract(signed.getSignature());
            verified = verifier.verify(bytes, signature, signing.formatFor(MinistryReports.PEER));
        } catch (SignatureRejectedException e) {
            throw new ReceiptRejectedException("receipt signature rejected: " + e.reason() + ": " + e.getMessage());
        }
        if (!ministrySigners.contains(verified.certificateSerial())) {
            throw new ReceiptRejectedException("receipt signature rejected: signed by certificate "
                    + verified.certificateSerial() + " (" + verified.subject() + "), which is not one of the ministry's"
                    + " (bridge.ministry.signer-serials)");
        }
        FilingReceiptType receipt;
        try {
            receipt = xml.receipt(bytes);
        } catch (ReportContractException e) {
            throw new ReceiptRejectedException("receipt unreadable: " + e.getMessage());
        }
        if (!reportId.equals(receipt.getReportId())) {
            throw new ReceiptRejectedException("receipt " + receipt.getReceiptId() + " answers report "
                    + receipt.getReportId() + ", not " + reportId);
        }
        boolean accepted = receipt.getStatus() == ReceiptStatusCode.ACCEPTED;
        String reason = accepted ? null
                : receipt.getReason() == null || receipt.getReason().isBlank() ? "（未说明原因 / no reason given）"
                : receipt.getReason();
        tx.executeWithoutResult(s -> {
            store(recordId, receipt, reason, bytes, signature, verified);
            if (accepted) {
                deliveries.settle(recordId, OutboundStatus.DELIVERED, null, DeliveryTarget.MINISTRY.deliveredEvent(), null,
                        "已报人社部，回执 " + receipt.getReceiptId() + " / reported to the ministry, receipt "
                                + receipt.getReceiptId());
            } else {
                String why = "REJECTED by the ministry (receipt " + receipt.getReceiptId() + "): "
                        + Deliveries.abbreviate(reason);
                deliveries.settle(recordId, OutboundStatus.PARKED, why, DeliveryTarget.MINISTRY.parkedEvent(), null,
                        "人社部退回，待人工处理 / " + why);
            }
        });
        log.info("report {}: receipt {} {} signed by {}", reportId, receipt.getReceiptId(), receipt.getStatus(),
                verified.certificateSerial());
    }

    private void store(long recordId, FilingReceiptType receipt, String reason, byte[] bytes,
                       DetachedSignature signature, VerifiedSignature verified) {
        int known = jdbc.sql("SELECT COUNT(*) FROM ministry_receipt WHERE record_id = :id AND receipt_id = :receiptId")
                .param("id", recordId).param("receiptId", receipt.getReceiptId()).query(Integer.class).single();
        if (known > 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO ministry_receipt (record_id, receipt_id, receipt_status, reason, received_at, receipt_xml,
                  signature_alg, signature_cert, signature, signer_subject, verified_at)
                VALUES (:id, :receiptId, :status, :reason, :receivedAt, :receiptXml, :alg, :cert, :signature,
                  :subject, :verifiedAt)""")
                .param("id", recordId).param("receiptId", receipt.getReceiptId())
                .param("status", receipt.getStatus().value()).param("reason", reason)
                .param("receivedAt", receipt.getReceivedAt()).param("receiptXml", ReportXml.text(bytes))
                .param("alg", signature.algorithm()).param("cert", verified.certificateSerial())
                .param("signature", signature.base64()).param("subject", verified.subject())
                .param("verifiedAt", OffsetDateTime.ofInstant(verified.checkedAt(), ZoneOffset.UTC))
                .update();
    }

    private Sent sent(long recordId) {
        return jdbc.sql("""
                SELECT report_id, signature_alg, signature_cert, signature FROM ministry_report
                WHERE record_id = :id""")
                .param("id", recordId)
                .query((rs, i) -> new Sent(rs.getString(1), new DetachedSignature(rs.getString(2), rs.getString(3),
                        Base64.getDecoder().decode(rs.getString(4)))))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no ministry report for outbound record " + recordId));
    }

    private static Set<String> signers(List<String> serials) {
        if (serials.isEmpty()) {
            throw new SigningConfigurationException("bridge.ministry.signer-serials is not set: the serials (hex) of"
                    + " the certificates the ministry signs receipts with (BRIDGE_MINISTRY_SIGNER_SERIALS)");
        }
        try {
            return serials.stream().map(s -> new BigInteger(s.strip(), 16).toString(16))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new SigningConfigurationException("bridge.ministry.signer-serials " + serials
                    + " must be certificate serials in hex", e);
        }
    }
}
