package cn.gov.sc.rst.filingbridge.forwarding;

/**
 * A case event cannot be turned into the platform's message (an unknown result code or time-limit unit, no result
 * notice to attach). Thrown inside the publisher's transaction, so the cause does not commit without its feedback.
 */
public class PlatformFeedbackException extends RuntimeException {

    public PlatformFeedbackException(String message) {
        super(message);
    }

    public PlatformFeedbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
