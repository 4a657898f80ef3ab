package cn.gov.sc.rst.filingbridge.forwarding;

/**
 * A filing event cannot be reported to the ministry: the case is unknown or has no filing authority yet, nothing says
 * which institution it is about, or the report breaks the contract or cannot be signed. Nothing was stored.
 */
public class MinistryReportException extends Exception {

    public MinistryReportException(String message) {
        super(message);
    }

    public MinistryReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
