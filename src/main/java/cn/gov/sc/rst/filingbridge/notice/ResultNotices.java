package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues result notices (办理结果告知书): renders the text ({@link ResultNoticeText}) and the PDF ({@link
 * ResultNoticePdf}), signs the text's UTF-8 bytes and the PDF's bytes with the gateway's SM2 key, and stores both in
 * {@code result_notice}, in the caller's transaction when there is one (a new one otherwise).
 *
 * <p>Once per case and style: a second {@link #issue} for the same case and style returns the stored notice unchanged,
 * whatever facts it is given. The insert locks the case's {@code filing_case} row and looks again first, so of two
 * concurrent issues for one case the second returns the first's notice instead of failing on the unique key.
 */
@Service
public class ResultNotices {


    private static final Logger log = LoggerFactory.getLogger(ResultNotices.class);
    private static final String COLUMNS = """
            notice_id, case_id, sblsh, style, bjjgdm, filing_number, valid_from, valid_to, notice_text, pdf_base64,
            text_sig_alg, text_sig_cert, text_signature, pdf_sig_alg, pdf_sig_cert, pdf_signature, issued_at""";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MessageSigner signer;
    private final NoticeFontSource fonts;
    private final Clock clock;

    ResultNotices(JdbcClient jdbc, TransactionTemplate tx, MessageSigner signer, NoticeFontSource fonts, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.signer = signer;
        this.fonts = fonts;
        this.clock = clock;
    }

    /**
     * The notice of {@code facts}' case in {@code facts}' style: the stored one if it was issued before, else a new
     * one, rendered, signed and stored now.
     *
     * @throws NoticeIssueException the case is not known, its SBLSH differs, or signing failed
     * @throws NoticeFontException  the PDF font is missing or lacks a character of the notice (nothing is stored)
     */
    public IssuedNotice issue(NoticeFacts facts) {
        Objects.requireNonNull(facts, "facts");
        // Reads, rendering and signing come first and outside the transaction template: a missing font or a failed
        // signature reaches the caller as an exception without marking the caller's transaction rollback-only.
        checkCase(facts, "");
        Optional<IssuedNotice> stored = find(facts.caseId(), facts.style());
        if (stored.isPresent()) {
            return alreadyIssued(stored.get());
        }
        IssuedNotice created = create(facts);
        return tx.execute(status -> {
            checkCase(facts, " FOR UPDATE");
            return find(facts.caseId(), facts.style()).map(this::alreadyIssued).orElseGet(() -> store(created));
        });
    }

    private void checkCase(NoticeFacts facts, String lock) {
        String sblsh = jdbc.sql("SELECT sblsh FROM filing_case WHERE case_id = :caseId" + lock)
                .param("caseId", facts.caseId()).query(String.class).optional()
                .orElseThrow(() -> new NoticeIssueException("办件" + facts.caseId() + "不存在，不能出具办理结果告知书"
                        + " / no case " + facts.caseId() + " to issue a result notice for"));
        if (!sblsh.equals(facts.sblsh())) {
            throw new NoticeIssueException("办件" + facts.caseId() + "的申办流水号是" + sblsh + "而不是"
                    + facts.sblsh() + " / case " + facts.caseId() + " has SBLSH " + sblsh + ", not " + facts.sblsh());
        }
    }

    private IssuedNotice alreadyIssued(IssuedNotice notice) {
        log.info("Result notice {} for case {} ({}) was already issued; returning it", notice.noticeId(),
                notice.caseId(), notice.style().label());
        return notice;
    }

    /** The latest notice issued for the case, if any (a case normally has exactly one). */
    public Optional<IssuedNotice> forCase(String caseId) {
        List<IssuedNotice> all = allForCase(caseId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every notice issued for the case, oldest first (for the operations console). */
    public List<IssuedNotice> allForCase(String caseId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM result_notice WHERE case_id = :caseId ORDER BY issued_at, style")
                .param("caseId", caseId).query(ResultNotices::row).list();
    }

    /** The notice issued for the case by its platform number (申办流水号), if any. */
    public Optional<IssuedNotice> forSblsh(String sblsh) {
        List<IssuedNotice> all = jdbc.sql("SELECT " + COLUMNS
                        + " FROM result_notice WHERE sblsh = :sblsh ORDER BY issued_at, style")
                .param("sblsh", sblsh).query(ResultNotices::row).list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private Optional<IssuedNotice> find(String caseId, NoticeStyle style) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM result_notice WHERE case_id = :caseId AND style = :style")
                .param("caseId", caseId).param("style", style.name()).query(ResultNotices::row).optional();
    }

    private IssuedNotice create(NoticeFacts facts) {
        ResultNoticeText text = ResultNoticeText.of(facts);
        ZonedDateTime now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        byte[] pdf = new ResultNoticePdf(fonts.font()).render(text, GregorianCalendar.from(now));
        String rendered = text.text();
        DetachedSignature textSignature;
        DetachedSignature pdfSignature;
        try {
            textSignature = signer.sign(text.bytes());
            pdfSignature = signer.sign(pdf);
        } catch (SigningException e) {
            throw new NoticeIssueException("办理结果告知书签名失败 / signing the result notice of case " + facts.caseId()
                    + " failed: " + e.getMessage(), e);
        }
        return new IssuedNotice(UUID.randomUUID().toString(), facts.caseId(), facts.sblsh(), facts.style(),
                facts.bjjgdm(), facts.style() == NoticeStyle.ONE ? facts.filingNumber() : null,
                facts.style() == NoticeStyle.ONE ? facts.validFrom() : null,
                facts.style() == NoticeStyle.ONE ? facts.validTo() : null,
                rendered, pdf, textSignature, pdfSignature, now.toOffsetDateTime());
    }

    private IssuedNotice store(IssuedNotice notice) {
        jdbc.sql("INSERT INTO result_notice (" + COLUMNS + """
                        ) VALUES (:noticeId, :caseId, :sblsh, :style, :bjjgdm, :filingNumber, :validFrom, :validTo,
                        :text, :pdf, :textAlg, :textCert, :textSig, :pdfAlg, :pdfCert, :pdfSig, :issuedAt)""")
                .param("noticeId", notice.noticeId()).param("caseId", notice.caseId()).param("sblsh", notice.sblsh())
                .param("style", notice.style().name()).param("bjjgdm", notice.bjjgdm())
                .param("filingNumber", notice.filingNumber()).param("validFrom", notice.validFrom())
                .param("validTo", notice.validTo()).param("text", notice.text())
                .param("pdf", Base64.getEncoder().encodeToString(notice.pdf()))
                .param("textAlg", notice.textSignature().algorithm())
                .param("textCert", notice.textSignature().certificateSerial())
                .param("textSig", notice.textSignature().base64())
                .param("pdfAlg", notice.pdfSignature().algorithm())
                .param("pdfCert", notice.pdfSignature().certificateSerial())
                .param("pdfSig", notice.pdfSignature().base64())
                .param("issuedAt", notice.issuedAt())
                .update();
        log.info("Issued result notice {} for case {} ({}, BJJGDM {}, {} PDF bytes, signed by certificate {})",
                notice.noticeId(), notice.caseId(), notice.style().label(), notice.bjjgdm(), notice.pdf().length,
                notice.textSignature().certificateSerial());
        return notice;
    }

    private static IssuedNotice row(ResultSet rs, int row) throws SQLException {
        OffsetDateTime issuedAt = rs.getObject("issued_at", OffsetDateTime.class);
        return new IssuedNotice(rs.getString("notice_id"), rs.getString("case_id"), rs.getString("sblsh"),
                NoticeStyle.valueOf(rs.getString("style")), rs.getString("bjjgdm"), rs.getString("filing_number"),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getString("notice_text"), Base64.getDecoder().decode(rs.getString("pdf_base64")),
                new DetachedSignature(rs.getString("text_sig_alg"), rs.getString("text_sig_cert"),
                        Base64.getDecoder().decode(rs.getString("text_signature"))),
                new DetachedSignature(rs.getString("pdf_sig_alg"), rs.getString("pdf_sig_cert"),
                        Base64.getDecoder().decode(rs.getString("pdf_signature"))),
                issuedAt.atZoneSameInstant(ClockConfig.BUSINESS_ZONE).toOffsetDateTime());
    }
}
