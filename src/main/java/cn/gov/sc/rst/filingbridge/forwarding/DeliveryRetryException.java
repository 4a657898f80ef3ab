package cn.gov.sc.rst.filingbridge.forwarding;

/** A delivery failed in a way that may pass (peer down, 5xx, 408, 429, timeout, unreadable answer, earlier version pending). */
public class DeliveryRetryException extends Exception {

    public DeliveryRetryException(String reason) {
        super(reason);
    }
}
