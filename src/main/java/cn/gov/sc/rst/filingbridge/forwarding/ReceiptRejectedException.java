package cn.gov.sc.rst.filingbridge.forwarding;

/**
 * The ministry's answer is not a receipt the gateway can rely on: its signature does not verify or is not the
 * ministry's, or it is unreadable or answers another report. Nothing about the report changes; the attempt counts as
 * failed and the report is sent again on the schedule (the ministry recognises the report id and answers again).
 */
public class ReceiptRejectedException extends DeliveryRetryException {

    public ReceiptRejectedException(String reason) {
        super(reason);
    }
}
