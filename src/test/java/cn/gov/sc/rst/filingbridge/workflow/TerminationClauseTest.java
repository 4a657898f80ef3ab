package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.notice.NoticeFacts;
import cn.gov.sc.rst.filingbridge.notice.ResultNoticeText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Issue 11: 样式（二）'s termination reason cites 三(一)2(2) exactly, and the docs show the very string emitted. */
class TerminationClauseTest {

    @Test
    void theTerminationCitesTheNoticesClauseWithItsWordAndFullWidthBrackets() {
        assertThat(CaseOutcomes.TERMINATION_CLAUSE)
                .isEqualTo("《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定")
                .doesNotContain("(").doesNotContain(")");
        assertThat(CaseOutcomes.TERMINATION_REASON).isEqualTo("你单位未在规定的5个工作日内补齐材料");
        assertThat(CaseOutcomes.terminationReason(3)).isEqualTo("你单位未在规定的3个工作日内补齐材料");
    }

    @Test
    void docsResultNoticesShowsTheEmittedStyleTwo() throws Exception {
        String emitted = ResultNoticeText.of(NoticeFacts.ended("c", "s", CaseCompleted.TERMINATED, "成都市示范职业技术学校",
                "四川省人力资源和社会保障厅", LocalDate.of(2026, 11, 27), CaseOutcomes.TERMINATION_REASON,
                CaseOutcomes.TERMINATION_CLAUSE)).text();

        assertThat(Files.readString(Path.of("docs", "result-notices.md"))).contains(emitted);
    }
}
