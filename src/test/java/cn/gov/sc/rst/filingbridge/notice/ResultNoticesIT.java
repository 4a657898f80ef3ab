package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Issuing in the running gateway: stored once per case and style, signed verifiably, inside the caller's transaction. */
class ResultNoticesIT extends WindowTestSupport {

    @Autowired
    private ResultNotices notices;
    @Autowired
    private MessageVerifier verifier;
    @Autowired
    private TransactionTemplate tx;

    private Submitted submit() {
        return submitValidCase("SC-NTC-");
    }

    private long stored(String caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM result_notice WHERE case_id = ?").param(caseId).query(Long.class).single();
    }

    @Test
    void aFiledCaseGetsStyleOneStoredWithVerifiableSignatures() throws Exception {
        NoticeFonts.packaged();
        Submitted c = submit();

        IssuedNotice issued = notices.issue(NoticeSamples.filed(c.caseId(), c.sblsh()));

        assertThat(issued.style()).isEqualTo(NoticeStyle.ONE);
        assertThat(issued.text()).isEqualTo(ResultNoticeText.of(NoticeSamples.filed(c.caseId(), c.sblsh())).text());
        assertThat(issued.filingNumber()).isEqualTo("Y000051001064");
        assertThat(issued.issuedAt().toInstant()).isEqualTo(NOW);
        assertThat(verifier.verify(issued.textBytes(), issued.textSignature()).subject()).contains("gateway");
        assertThat(verifier.verify(issued.pdf(), issued.pdfSignature()).subject()).contains("gateway");
        assertThat(ResultNoticePdfTest.normalised(ResultNoticePdfTest.extract(issued.pdf())))
                .isEqualTo(ResultNoticePdfTest.normalised(issued.text()));

        IssuedNotice read = notices.forCase(c.caseId()).orElseThrow();
        assertThat(read.noticeId()).isEqualTo(issued.noticeId());
        assertThat(read.text()).isEqualTo(issued.text());
        assertThat(read.pdf()).isEqualTo(issued.pdf());
        assertThat(read.textSignature()).isEqualTo(issued.textSignature());
        assertThat(read.pdfSignature()).isEqualTo(issued.pdfSignature());
        assertThat(read.validTo()).isEqualTo(issued.validTo());
        assertThat(read.issuedAt()).isEqualTo(issued.issuedAt());
        assertThat(notices.forSblsh(c.sblsh())).contains(issued);
        String row = jdbc.sql("SELECT pdf_base64 FROM result_notice WHERE case_id = ?").param(c.caseId())
                .query(String.class).single();
        assertThat(Base64.getDecoder().decode(row)).isEqualTo(issued.pdf());
        String text = jdbc.sql("SELECT notice_text FROM result_notice WHERE case_id = ?").param(c.caseId())
                .query(String.class).single();
        assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(issued.textBytes());
    }

    @Test
    void aSecondIssueForTheSameCaseAndStyleReturnsTheStoredNotice() {
        NoticeFonts.packaged();
        Submitted c = submit();
        IssuedNotice first = notices.issue(NoticeSamples.terminated(c.caseId(), c.sblsh()));

        IssuedNotice again = notices.issue(NoticeFacts.ended(c.caseId(), c.sblsh(), "5", "另一个单位",
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, "另一个原因", NoticeSamples.CLAUSE));

        assertThat(again.noticeId()).isEqualTo(first.noticeId());
        assertThat(again.text()).isEqualTo(first.text()).doesNotContain("另一个");
        assertThat(stored(c.caseId())).isEqualTo(1);
        assertThat(notices.allForCase(c.caseId())).containsExactly(first);
    }

    @Test
    void theNoticeIsStoredInTheCallersTransaction() {
        NoticeFonts.packaged();
        Submitted c = submit();

        tx.executeWithoutResult(status -> {
            notices.issue(NoticeSamples.refused(c.caseId(), c.sblsh()));
            assertThat(stored(c.caseId())).isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(stored(c.caseId())).isZero();
        assertThat(notices.forCase(c.caseId())).isEmpty();
    }

    @Test
    void anUnknownCaseOrAnotherSblshIsRefusedAndNothingIsStored() {
        Submitted c = submit();

        assertThatThrownBy(() -> notices.issue(NoticeSamples.filed("no-such-case", "SC-NONE")))
                .isInstanceOf(NoticeIssueException.class).hasMessageContaining("no case no-such-case");
        assertThatThrownBy(() -> notices.issue(NoticeSamples.filed(c.caseId(), "SC-OTHER")))
                .isInstanceOf(NoticeIssueException.class).hasMessageContaining("not SC-OTHER");
        assertThat(stored(c.caseId())).isZero();
    }
}
