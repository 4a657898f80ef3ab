package cn.gov.sc.rst.filingbridge.signing;

/** A signing key could not produce a signature (a device or service error, or a broken key). */
public class SigningException extends Exception {

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
