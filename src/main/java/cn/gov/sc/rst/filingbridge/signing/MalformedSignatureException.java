package cn.gov.sc.rst.filingbridge.signing;

/** The signature headers or bytes cannot be read at all. */
public final class MalformedSignatureException extends SignatureRejectedException {

    public MalformedSignatureException(String message, Throwable cause) {
        super(Reason.MALFORMED, message, cause);
    }
}
