package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.forwarding.CompletionNotices;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The result notice that goes with a completion message to the platform: issued (once per case and style, in the
 * caller's transaction) by {@link ResultNotices} from the facts of the {@link CaseCompleted}, and handed over as the
 * exact text, the exact PDF bytes and the SM2 signature over each.
 */
@Component
class NoticesForPlatform implements CompletionNotices {

    private final ResultNotices notices;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    NoticesForPlatform(ResultNotices notices, org.springframework.jdbc.core.simple.JdbcClient jdbc,
                       com.fasterxml.jackson.databind.ObjectMapper json) {
        this.notices = notices;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A 变更's change items (BGSX), as the case stored them, for its notice to name. */
    private java.util.List<String> changeItems(CaseCompleted completed) {
        if (completed.caseType() != CaseType.CHANGE) {
            return java.util.List.of();
        }
        String payload = jdbc.sql("SELECT payload FROM filing_case WHERE case_id = :id").param("id", completed.caseId())
                .query(String.class).optional().orElse("{}");
        java.util.List<String> items = new java.util.ArrayList<>();
        try {
            json.readTree(payload).path("BGSX").forEach(i -> items.add(i.asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored payload of case " + completed.sblsh() + " is unreadable", e);
        }
        return items;
    }

    @Override
    public Notice notice(CaseCompleted completed) {
        IssuedNotice issued;
        try {
            issued = notices.issue(NoticeFacts.from(completed, changeItems(completed)));
        } catch (InvalidNoticeFactsException e) {
            throw new NoticeNotIssuedException(true, e.getMessage(), e);
        } catch (NoticeFontException e) {
            throw new NoticeNotIssuedException(false, "办理结果告知书的 PDF 无法生成（字体）/ the notice's PDF cannot be"
                    + " made (font): " + e.getMessage(), e);
        }
        return new Notice(issued.style().label(), issued.text(), Base64.getEncoder().encodeToString(issued.pdf()),
                signature(issued.textSignature()), signature(issued.pdfSignature()));
    }

    private static NoticeSignature signature(DetachedSignature s) {
        return new NoticeSignature(s.algorithm(), s.certificateSerial(), s.base64());
    }
}
