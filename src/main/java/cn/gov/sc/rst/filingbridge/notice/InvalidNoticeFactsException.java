package cn.gov.sc.rst.filingbridge.notice;

/** The facts cannot make a result notice: a value is missing or blank, or does not fit the style. */
public class InvalidNoticeFactsException extends IllegalArgumentException {

    public InvalidNoticeFactsException(String message) {
        super(message);
    }
}
