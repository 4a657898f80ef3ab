package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;

/**
 * Where the completion feedback gets its 办理结果告知书 (附件3): the notice's style, text, PDF and the SM2 signatures over
 * both. The gateway's notice capability provides the one bean; the platform feedback only carries what it is given.
 */
public interface CompletionNotices {

    /** The issued notice of a completed case. */
    Notice notice(CaseCompleted completed);

    /** An issued result notice: style (样式一/二 …), text, PDF as base64, and the detached signature over each. */
    record Notice(String style, String text, String pdfBase64, NoticeSignature textSignature,
                  NoticeSignature pdfSignature) {
    }

    /** A detached SM2 signature as the platform receives it: algorithm, certificate serial, base64 value. */
    record NoticeSignature(String alg, String cert, String value) {
    }

    /**
     * The notice of a completed case cannot be issued, so the completion must not happen: either the facts do not make
     * a notice (a blank reason, say: {@code byTheFacts}, the decider's to mend) or the PDF cannot be set (the font is
     * missing or lacks a character of the notice: the operators' to mend). The message is in Chinese and English.
     */
    final class NoticeNotIssuedException extends IllegalStateException {

        private final boolean byTheFacts;

        public NoticeNotIssuedException(boolean byTheFacts, String message, Throwable cause) {
            super(message, cause);
            this.byTheFacts = byTheFacts;
        }

        public boolean byTheFacts() {
            return byTheFacts;
        }
    }
}
