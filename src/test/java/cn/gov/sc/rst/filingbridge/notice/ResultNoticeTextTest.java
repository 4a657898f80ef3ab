package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The notice text against 附件3, in full: fixed words character for character, blanks filled, nothing added. */
class ResultNoticeTextTest {

    @Test
    void styleOneIsTheFiledTemplateWithItsBlanksFilled() {
        String text = ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1")).text();

        assertThat(text).isEqualTo("""
                职业技能考核鉴定机构设立备案办理结果告知书

                成都市示范职业技术学校：
                你单位报来的职业技能考核鉴定机构设立备案材料收悉。经审查，你单位符合职业技能考核鉴定机构备案设立条件并已备案。\
                备案结果公布于四川省人力资源和社会保障厅网站“职业技能鉴定”栏目上。

                四川省人力资源和社会保障厅
                2026年11月27日
                """);
    }

    @Test
    void styleTwoIsTheTerminationTemplateWithReasonAndClause() {
        String text = ResultNoticeText.of(NoticeSamples.terminated("case-1", "SC-1")).text();

        assertThat(text).isEqualTo("""
                职业技能考核鉴定机构设立备案办理结果告知书

                成都市示范职业技术学校：
                你单位报来的职业技能考核鉴定机构设立备案材料收悉。因你单位未在规定的5个工作日内补齐材料，\
                根据《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定，终止办理。

                四川省人力资源和社会保障厅
                2026年11月27日
                """);
    }

    @Test
    void aRefusalUsesStyleTwoWithItsReasonAndKeepsTheTemplatesClosingWords() {
        ResultNoticeText notice = ResultNoticeText.of(NoticeSamples.refused("case-1", "SC-1"));

        assertThat(notice.style()).isEqualTo(NoticeStyle.TWO);
        assertThat(notice.body()).isEqualTo("你单位报来的职业技能考核鉴定机构设立备案材料收悉。因你单位应会考场面积不符合备案条件，"
                + "根据《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定，终止办理。");
    }

    @Test
    void theFilingNumberAndValidityStayOutOfTheText() {
        String text = ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1")).text();

        assertThat(text).doesNotContain("Y000051001064").doesNotContain("2029").doesNotContain("样式")
                .doesNotContain("（申请单位）").doesNotContain("（网站目录或地址）").doesNotContain("\r");
    }

    @Test
    void theSignedBytesAreTheTextInUtf8() {
        ResultNoticeText notice = ResultNoticeText.of(NoticeSamples.terminated("case-1", "SC-1"));

        assertThat(notice.bytes()).isEqualTo(notice.text().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(notice.bytes(), StandardCharsets.UTF_8)).endsWith("2026年11月27日\n");
    }

    @Test
    void datesHaveNoLeadingZeros() {
        assertThat(ResultNoticeText.chineseDate(LocalDate.of(2026, 1, 5))).isEqualTo("2026年1月5日");
        assertThat(ResultNoticeText.chineseDate(LocalDate.of(2026, 11, 27))).isEqualTo("2026年11月27日");
        assertThat(ResultNoticeText.chineseDate(LocalDate.of(2027, 10, 1))).isEqualTo("2027年10月1日");
        assertThat(ResultNoticeText.chineseDate(LocalDate.of(2026, 2, 28))).isEqualTo("2026年2月28日");
    }

    @Test
    void aBlankValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> NoticeFacts.filed("case-1", "SC-1", "  ", NoticeSamples.AUTHORITY,
                NoticeSamples.DATE, NoticeSamples.PUBLISHED_AT, "Y000051001064", null, null))
                .isInstanceOf(InvalidNoticeFactsException.class)
                .hasMessageContaining("申请单位不能为空").hasMessageContaining("applicantName must not be blank");
        assertThatThrownBy(() -> NoticeFacts.filed("case-1", "SC-1", NoticeSamples.APPLICANT, NoticeSamples.AUTHORITY,
                NoticeSamples.DATE, "", "Y000051001064", null, null))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("publishedAt must not be blank");
        assertThatThrownBy(() -> NoticeFacts.ended("case-1", "SC-1", "5", NoticeSamples.APPLICANT,
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, null, " "))
                .isInstanceOf(InvalidNoticeFactsException.class)
                .hasMessageContaining("reason must not be blank").hasMessageContaining("clause must not be blank");
        assertThatThrownBy(() -> NoticeFacts.ended("case-1", "SC-1", "5", NoticeSamples.APPLICANT,
                NoticeSamples.AUTHORITY, null, "原因", "条款"))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("date is required");
    }

    @Test
    void aNameWithALineBreakIsRefused() {
        assertThatThrownBy(() -> NoticeFacts.ended("case-1", "SC-1", "7", "成都市示范\t职业技术学校",
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, "原因", NoticeSamples.CLAUSE))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("applicantName must be one line");
    }

    @Test
    void theDecidersReasonOverSeveralLinesIsSetAsOneLine() {
        // the skills system's contract allows line breaks in a reason; 样式（二） sets it as one line
        NoticeFacts facts = NoticeFacts.ended("case-1", "SC-1", "7", NoticeSamples.APPLICANT,
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, "第一行\r\n\n  第二行\u2028第三行\t\u0000。\n",
                "第三条\n第（一）项");

        assertThat(facts.reason()).isEqualTo("第一行 第二行 第三行 。");
        assertThat(facts.clause()).isEqualTo("第三条 第（一）项");
        assertThat(ResultNoticeText.of(facts).text()).doesNotContain("\u2028", "\t", "\u0000");
    }

    @Test
    void valuesAreStripped() {
        NoticeFacts facts = NoticeFacts.ended(" case-1 ", "SC-1", "5", "　成都市示范职业技术学校 ",
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, " 原因 ", "条款");

        assertThat(ResultNoticeText.of(facts).salutation()).isEqualTo("成都市示范职业技术学校：");
        assertThat(facts.caseId()).isEqualTo("case-1");
    }

    @Test
    void aStyleOnlyTakesItsOwnCompletionCodes() {
        assertThatThrownBy(() -> new NoticeFacts(NoticeStyle.ONE, "case-1", "SC-1", "7", NoticeSamples.APPLICANT,
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, NoticeSamples.PUBLISHED_AT, null, null, "Y000051001064",
                null, null))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("style ONE is for BJJGDM 6");
        assertThatThrownBy(() -> NoticeFacts.ended("case-1", "SC-1", "6", NoticeSamples.APPLICANT,
                NoticeSamples.AUTHORITY, NoticeSamples.DATE, "原因", "条款"))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("style TWO is for BJJGDM 5");
    }

    @Test
    void aCompletedCaseMapsToItsStyle() {
        NoticeFacts filed = NoticeFacts.from(NoticeSamples.completed(CaseCompleted.FILED, null, null));
        NoticeFacts refused = NoticeFacts.from(NoticeSamples.completed(CaseCompleted.REFUSED, "理由", "条款"));
        NoticeFacts terminated = NoticeFacts.from(NoticeSamples.completed(CaseCompleted.TERMINATED, "理由", "条款"));

        assertThat(filed.style()).isEqualTo(NoticeStyle.ONE);
        assertThat(filed.filingNumber()).isEqualTo("Y000051001064");
        assertThat(filed.validTo()).isEqualTo(LocalDate.of(2029, 1, 4));
        assertThat(ResultNoticeText.of(filed).date()).isEqualTo("2026年1月5日");
        assertThat(refused.style()).isEqualTo(NoticeStyle.TWO);
        assertThat(refused.bjjgdm()).isEqualTo("7");
        assertThat(terminated.style()).isEqualTo(NoticeStyle.TWO);
        assertThat(terminated.bjjgdm()).isEqualTo("5");
        assertThat(ResultNoticeText.of(terminated).body()).contains("因理由，根据条款，终止办理。");
    }

    @Test
    void aCompletionWithoutANoticeStyleIsRefused() {
        assertThatThrownBy(() -> NoticeFacts.from(NoticeSamples.completed("0", null, null)))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("BJJGDM 0 has no result notice");
        assertThatThrownBy(() -> NoticeFacts.from(NoticeSamples.completed(CaseCompleted.REFUSED, null, "条款")))
                .isInstanceOf(InvalidNoticeFactsException.class).hasMessageContaining("原因不能为空");
    }

    @Test
    void theChangeOrCancellationOfAnInstitutionNotInTheDirectoryNamesNoPlaceOfPublication() {
        java.time.LocalDate date = java.time.LocalDate.of(2026, 11, 27);
        NoticeFacts change = new NoticeFacts(NoticeStyle.ONE, "c", "s", "6", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, null, null, "Y000051001064", date, date.plusYears(3),
                CaseType.CHANGE, java.util.List.of("名称"));
        NoticeFacts cancel = new NoticeFacts(NoticeStyle.ONE, "c", "s", "6", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, null, null, "Y000051001064", date, date,
                CaseType.CANCELLATION, java.util.List.of());

        assertThat(ResultNoticeText.of(change).body())
                .isEqualTo("你单位报来的职业技能考核鉴定机构变更备案材料收悉。经审查，准予变更（变更事项：名称）。");
        assertThat(ResultNoticeText.of(cancel).body())
                .isEqualTo("你单位报来的职业技能考核鉴定机构注销备案材料收悉。经审查，你单位职业技能考核鉴定机构（备案号Y000051001064）已注销。");
        assertThatThrownBy(() -> new NoticeFacts(NoticeStyle.ONE, "c", "s", "6", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, null, null, "Y000051001064", date, date.plusYears(3)))
                .as("a 设立备案 is always published").isInstanceOf(InvalidNoticeFactsException.class)
                .hasMessageContaining("publishedAt must not be blank");
    }

    @Test
    void changesAndCancellationsGetNoticesOfTheirOwnCaseTypeAsTheDocsWordThem() throws Exception {
        java.time.LocalDate date = java.time.LocalDate.of(2026, 11, 27);
        NoticeFacts change = new NoticeFacts(NoticeStyle.ONE, "c", "s", "6", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, "https://rst.sc.gov.cn/directory", null, null, "Y000051001064", date,
                date.plusYears(3), CaseType.CHANGE, java.util.List.of("名称", "负责人"));
        NoticeFacts cancel = new NoticeFacts(NoticeStyle.ONE, "c", "s", "6", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, "https://rst.sc.gov.cn/directory", null, null, "Y000051001064", date,
                date, CaseType.CANCELLATION, java.util.List.of());
        NoticeFacts changeEnded = new NoticeFacts(NoticeStyle.TWO, "c", "s", "5", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, NoticeSamples.REASON, NoticeSamples.CLAUSE, null, null, null,
                CaseType.CHANGE, java.util.List.of());
        String refusal = "你单位申报的鉴定场所不符合《关于实行职业技能考核鉴定机构备案和监督管理的通知》第一条第3项的要求";
        NoticeFacts changeRefused = new NoticeFacts(NoticeStyle.TWO, "c", "s", "7", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, refusal, "《关于实行职业技能考核鉴定机构备案和监督管理的通知》第四条第（一）项规定",
                null, null, null, CaseType.CHANGE, java.util.List.of("鉴定场所"));
        NoticeFacts cancelRefused = new NoticeFacts(NoticeStyle.TWO, "c", "s", "7", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, "你单位尚有未完成的考核鉴定工作",
                "《关于实行职业技能考核鉴定机构备案和监督管理的通知》第四条第（三）项规定", null, null, null,
                CaseType.CANCELLATION, java.util.List.of());
        NoticeFacts cancelEnded = new NoticeFacts(NoticeStyle.TWO, "c", "s", "5", NoticeSamples.APPLICANT,
                "成都市人力资源和社会保障局", date, null, NoticeSamples.REASON, NoticeSamples.CLAUSE, null, null, null,
                CaseType.CANCELLATION, java.util.List.of());
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "result-notices.md"));
        if (System.getenv("PRINT_NOTICES") != null) {
            for (NoticeFacts f : java.util.List.of(changeRefused, cancelRefused, cancelEnded)) {
                System.out.println("=====\n" + ResultNoticeText.of(f).text());
            }
        }

        for (NoticeFacts f : java.util.List.of(change, cancel, changeEnded, changeRefused, cancelRefused,
                cancelEnded)) {
            String text = ResultNoticeText.of(f).text();
            assertThat(text).as("a non-设立 notice").doesNotContain("设立备案");
            assertThat(docs).as("docs/result-notices.md words it so").contains(text);
        }
        assertThat(ResultNoticeText.of(change).body()).contains("变更备案材料收悉").contains("准予变更")
                .contains("名称、负责人");
        assertThat(ResultNoticeText.of(cancel).body()).contains("注销备案材料收悉").contains("已注销");
    }
}
