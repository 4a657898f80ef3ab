package cn.gov.sc.rst.filingbridge.reporting;

/**
 * A report or receipt does not satisfy contracts/ministry-filing-report-v1.xsd: a report built here that breaks it (so
 * it is neither signed nor sent), or bytes received that are not a schema-valid document (or not XML at all).
 */
public class ReportContractException extends Exception {

    public ReportContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
