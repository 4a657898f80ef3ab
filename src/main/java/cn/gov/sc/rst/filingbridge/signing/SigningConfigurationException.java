package cn.gov.sc.rst.filingbridge.signing;

/** Signing or trust material is missing, unreadable or unfit; raised while starting, so the gateway does not start. */
public class SigningConfigurationException extends RuntimeException {

    public SigningConfigurationException(String message) {
        super(message);
    }

    public SigningConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
