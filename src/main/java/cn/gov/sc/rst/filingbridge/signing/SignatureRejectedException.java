package cn.gov.sc.rst.filingbridge.signing;

import java.util.Objects;

/**
 * An incoming signature was not accepted. The subclass and {@link #reason()} say why; the message says it in words
 * fit for a log line or a fault string (it never contains the payload).
 */
public abstract sealed class SignatureRejectedException extends Exception
        permits MalformedSignatureException, UnknownCertificateException, CertificateValidityException,
        UntrustedCertificateException, BadSignatureException {

    /** Why a signature was rejected, as a stable code for callers that map it onto a reply. */
    public enum Reason {
        /** Headers or signature bytes cannot be read (missing, bad base64, wrong algorithm, wrong length). */
        MALFORMED,
        /** The certificate serial is not one of the configured signers. */
        UNKNOWN_CERTIFICATE,
        /** The signer's certificate was no longer valid at the time of checking. */
        CERTIFICATE_EXPIRED,
        /** The signer's certificate was not yet valid at the time of checking. */
        CERTIFICATE_NOT_YET_VALID,
        /** The certificate does not chain to a trust anchor, or is not meant for signatures. */
        UNTRUSTED_CERTIFICATE,
        /** Everything about the certificate is fine, but the signature does not match the bytes. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    SignatureRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
