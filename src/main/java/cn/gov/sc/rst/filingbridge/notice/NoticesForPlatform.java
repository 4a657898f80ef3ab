package cn.gov.sc.rst.filingbridge.notice;

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

    NoticesForPlatform(ResultNotices notices) {
        this.notices = notices;
    }

    @Override
    public Notice notice(CaseCompleted completed) {
        IssuedNotice issued = notices.issue(NoticeFacts.from(completed));
        return new Notice(issued.style().label(), issued.text(), Base64.getEncoder().encodeToString(issued.pdf()),
                signature(issued.textSignature()), signature(issued.pdfSignature()));
    }

    private static NoticeSignature signature(DetachedSignature s) {
        return new NoticeSignature(s.algorithm(), s.certificateSerial(), s.base64());
    }
}
