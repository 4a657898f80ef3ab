package cn.gov.sc.rst.filingbridge.signing;

/** The certificate is trusted and valid, but the signature does not match the bytes received. */
public final class BadSignatureException extends SignatureRejectedException {

    public BadSignatureException(String message) {
        super(Reason.BAD_SIGNATURE, message, null);
    }
}
