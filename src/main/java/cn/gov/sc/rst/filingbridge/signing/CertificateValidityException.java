package cn.gov.sc.rst.filingbridge.signing;

import java.time.Instant;

/** The signer's certificate is outside its validity period at the time of checking (the injected clock's now). */
public final class CertificateValidityException extends SignatureRejectedException {

    private final Instant checkedAt;
    private final Instant notBefore;
    private final Instant notAfter;

    public CertificateValidityException(String serial, Instant checkedAt, Instant notBefore, Instant notAfter) {
        super(checkedAt.isBefore(notBefore) ? Reason.CERTIFICATE_NOT_YET_VALID : Reason.CERTIFICATE_EXPIRED,
                "certificate " + serial + (checkedAt.isBefore(notBefore) ? " is not valid before " + notBefore
                        : " expired at " + notAfter) + " (checked at " + checkedAt + ")",
                null);
        this.checkedAt = checkedAt;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }
}
