package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A result notice as issued and stored: the exact text and PDF, each with its detached SM2 signature over exactly those
 * bytes ({@link #textBytes()} for the text, {@link #pdf()} for the PDF); and, outside the text, the case it closes and
 * for 样式（一） the filing number (备案号) and validity.
 */
public record IssuedNotice(String noticeId, String caseId, String sblsh, NoticeStyle style, String bjjgdm,
                           String filingNumber, LocalDate validFrom, LocalDate validTo, String text, byte[] pdf,
                           DetachedSignature textSignature, DetachedSignature pdfSignature, OffsetDateTime issuedAt) {

    public IssuedNotice {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(text, "text");
        pdf = Objects.requireNonNull(pdf, "pdf").clone();
        Objects.requireNonNull(textSignature, "textSignature");
        Objects.requireNonNull(pdfSignature, "pdfSignature");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** A copy of the PDF bytes, as signed. */
    @Override
    public byte[] pdf() {
        return pdf.clone();
    }

    /** The text's UTF-8 bytes, as signed. */
    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedNotice that && noticeId.equals(that.noticeId);
    }

    @Override
    public int hashCode() {
        return noticeId.hashCode();
    }

    @Override
    public String toString() {
        return "IssuedNotice[" + noticeId + ", case " + caseId + ", " + style.label() + ", BJJGDM " + bjjgdm + ", "
                + pdf.length + " PDF bytes, issued " + issuedAt + "]";
    }
}
