package cn.gov.sc.rst.filingbridge.signing;

/** The signer's certificate does not chain to a configured trust anchor, or may not be used for signatures. */
public final class UntrustedCertificateException extends SignatureRejectedException {

    public UntrustedCertificateException(String message, Throwable cause) {
        super(Reason.UNTRUSTED_CERTIFICATE, message, cause);
    }
}
