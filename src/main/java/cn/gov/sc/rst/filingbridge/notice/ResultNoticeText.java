package cn.gov.sc.rst.filingbridge.notice;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The words of a result notice, exactly as 附件3 has them with the blanks filled; the PDF lays out these same parts.
 *
 * <p>What is fixed and what is filled:
 * <ul>
 *   <li>the title is 附件3's heading without （样式）, which only names the page as a template;</li>
 *   <li>the salutation is the applicant unit followed by the full-width colon: the template's （申请单位） and the space
 *       before ： are the blank;</li>
 *   <li>the body is the template sentence character for character. In 样式（二） the blanks （原因） and
 *       （本办法第X条规定) take their padding spaces with them: 因{reason}，根据{clause}，终止办理。;</li>
 *   <li>the signature block is the authority and the date, written 2026年11月27日 (no leading zeros: 2026年1月5日).</li>
 * </ul>
 * A refusal (不予备案, BJJGDM 7) uses 样式（二） with the refusal's reason and clause, so it states the reason as the
 * notice requires (三(二)); its closing words stay 终止办理, because 附件3 has no other wording and this class adds none.
 * Nothing else is added either: the filing number (备案号) and validity of a filed institution have no blank in
 * 样式（一） and stay out of the text, in the structured {@link IssuedNotice}.
 *
 * <p>As plain text: the title, an empty line, the salutation, the body, an empty line, the authority and the date, each
 * on its own line ending in {@code \n}; no indentation (the PDF places the signature block on the right). Signed as
 * its UTF-8 bytes.
 */
public record ResultNoticeText(NoticeStyle style, String title, String salutation, String body, String authority,
                               String date) {

    public static final String TITLE = "职业技能考核鉴定机构设立备案办理结果告知书";
    static final String RECEIVED = "你单位报来的职业技能考核鉴定机构设立备案材料收悉。";
    static final String FILED = "经审查，你单位符合职业技能考核鉴定机构备案设立条件并已备案。备案结果公布于";
    static final String FILED_END = "上。";
    static final String ENDED_BECAUSE = "因";
    static final String ENDED_ACCORDING_TO = "，根据";
    static final String ENDED_END = "，终止办理。";

    // 变更 and 注销 (issue 11): the same structure and tone, naming the case type; docs/result-notices.md has them
    public static final String CHANGE_TITLE = "职业技能考核鉴定机构变更备案办理结果告知书";
    static final String CHANGE_RECEIVED = "你单位报来的职业技能考核鉴定机构变更备案材料收悉。";
    static final String CHANGE_FILED = "经审查，准予变更";
    static final String CHANGE_PUBLISHED = "。变更后的备案结果公布于";
    static final String CHANGE_FILED_END = "。";
    public static final String CANCELLATION_TITLE = "职业技能考核鉴定机构注销备案办理结果告知书";
    static final String CANCELLATION_RECEIVED = "你单位报来的职业技能考核鉴定机构注销备案材料收悉。";
    static final String CANCELLATION_FILED = "经审查，你单位职业技能考核鉴定机构（备案号";
    static final String CANCELLATION_DONE = "）已注销。注销结果公布于";
    static final String CANCELLATION_DONE_END = "）已注销。";

    public ResultNoticeText {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(salutation, "salutation");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(date, "date");
    }

    /** The notice for these facts (already validated by {@link NoticeFacts}). */
    public static ResultNoticeText of(NoticeFacts facts) {
        Objects.requireNonNull(facts, "facts");
        String title;
        String received;
        String filed;
        switch (facts.caseType()) {
            case CHANGE -> {
                title = CHANGE_TITLE;
                received = CHANGE_RECEIVED;
                filed = CHANGE_FILED + (facts.changeItems().isEmpty() ? ""
                        : "（变更事项：" + String.join("、", facts.changeItems()) + "）")
                        + (facts.publishedAt() == null ? CHANGE_FILED_END : CHANGE_PUBLISHED);
            }
            case CANCELLATION -> {
                title = CANCELLATION_TITLE;
                received = CANCELLATION_RECEIVED;
                filed = CANCELLATION_FILED + facts.filingNumber()
                        + (facts.publishedAt() == null ? CANCELLATION_DONE_END : CANCELLATION_DONE);
            }
            default -> {
                title = TITLE;
                received = RECEIVED;
                filed = FILED;
            }
        }
        String body = switch (facts.style()) {
            case ONE -> facts.publishedAt() == null ? received + filed : received + filed + facts.publishedAt() + FILED_END;
            case TWO -> received + ENDED_BECAUSE + facts.reason() + ENDED_ACCORDING_TO + facts.clause() + ENDED_END;
        };
        return new ResultNoticeText(facts.style(), title, facts.applicantName() + "：", body, facts.authorityName(),
                chineseDate(facts.date()));
    }

    /** 2026年11月27日; 2026年1月5日 (year, month and day as plain numbers, no leading zeros). */
    public static String chineseDate(LocalDate date) {
        return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /** The lines of the plain text, in order, the empty ones included. */
    public List<String> lines() {
        return List.of(title, "", salutation, body, "", authority, date);
    }

    /** The plain text: {@link #lines()}, each ended by {@code \n}. */
    public String text() {
        return String.join("\n", lines()) + "\n";
    }

    /** The exact bytes that are signed: {@link #text()} in UTF-8. */
    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
