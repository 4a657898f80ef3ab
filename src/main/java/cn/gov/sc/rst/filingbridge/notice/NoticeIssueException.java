package cn.gov.sc.rst.filingbridge.notice;

/** A result notice could not be issued for a reason other than its facts or font (signing failed, unknown case). */
public class NoticeIssueException extends IllegalStateException {

    public NoticeIssueException(String message) {
        super(message);
    }

    public NoticeIssueException(String message, Throwable cause) {
        super(message, cause);
    }
}
