package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What fills the blanks of a result notice (附件3), and what identifies it in the record.
 *
 * <ul>
 *   <li>{@code applicantName} fills （申请单位）, {@code authorityName} fills （人力资源社会保障部门）, {@code date} the
 *       年月日 line;</li>
 *   <li>样式（一） needs {@code publishedAt}, which fills （网站目录或地址）: where the filing result is published;</li>
 *   <li>样式（二） needs {@code reason}, which fills （原因）, and {@code clause}, which fills （本办法第X条规定）: the
 *       whole phrase as it is to read after 根据, e.g. {@code 《关于实行职业技能考核鉴定机构备案和监督管理的通知》第三条第（一）项第2目第（2）点规定}.</li>
 * </ul>
 * {@code caseId}, {@code sblsh}, {@code bjjgdm} and, for 样式（一）, {@code filingNumber} (备案号) with its validity are
 * kept with the issued notice but are not written into its text: 附件3 has no blank for them (see {@link
 * ResultNoticeText}). Values are stripped of surrounding white space; a blank value, a value with a line break or other
 * control character, or a BJJGDM that does not belong to the style is refused with a message in Chinese and English.
 * Values a style does not use are kept as given and not checked.
 */
public record NoticeFacts(NoticeStyle style, String caseId, String sblsh, String bjjgdm, String applicantName,
                          String authorityName, LocalDate date, String publishedAt, String reason, String clause,
                          String filingNumber, LocalDate validFrom, LocalDate validTo, CaseType caseType,
                          List<String> changeItems) {

    /** The notice of a 设立备案 (附件3 as it is); see the full constructor for 变更 and 注销. */
    public NoticeFacts(NoticeStyle style, String caseId, String sblsh, String bjjgdm, String applicantName,
                       String authorityName, LocalDate date, String publishedAt, String reason, String clause,
                       String filingNumber, LocalDate validFrom, LocalDate validTo) {
        this(style, caseId, sblsh, bjjgdm, applicantName, authorityName, date, publishedAt, reason, clause,
                filingNumber, validFrom, validTo, CaseType.NEW_FILING, List.of());
    }

    public NoticeFacts {
        caseType = caseType == null ? CaseType.NEW_FILING : caseType;
        changeItems = changeItems == null ? List.of() : List.copyOf(changeItems);
        List<String> problems = new ArrayList<>();
        if (style == null) {
            problems.add("告知书样式不能为空 / style is required");
        }
        caseId = required(caseId, "办件编号", "caseId", problems);
        sblsh = required(sblsh, "申办流水号", "sblsh", problems);
        bjjgdm = required(bjjgdm, "办结结果代码", "bjjgdm", problems);
        applicantName = required(applicantName, "申请单位", "applicantName", problems);
        authorityName = required(authorityName, "人力资源社会保障部门", "authorityName", problems);
        if (date == null) {
            problems.add("落款日期不能为空 / date is required");
        }
        if (style == NoticeStyle.ONE) {
            // a 设立备案 is always published; a 变更 or 注销 of an institution the directory does not hold (imported)
            // is not, and its notice then names no place of publication
            if (caseType == CaseType.NEW_FILING || publishedAt != null) {
                publishedAt = required(publishedAt, "备案结果公布的网站目录或地址", "publishedAt", problems);
            }
            filingNumber = required(filingNumber, "备案号", "filingNumber", problems);
            if (bjjgdm != null && !CaseCompleted.FILED.equals(bjjgdm)) {
                problems.add("样式（一）只用于准予备案（办结结果代码6），而不是" + bjjgdm
                        + " / style ONE is for BJJGDM 6 (filed), not " + bjjgdm);
            }
            if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
                problems.add("有效期止早于有效期起 / validTo " + validTo + " is before validFrom " + validFrom);
            }
        } else if (style == NoticeStyle.TWO) {
            // the decider's free text may run over lines (its contract allows it); the notice sets it as one line
            reason = required(oneLine(reason), "终止办理的原因", "reason", problems);
            clause = required(oneLine(clause), "依据条款", "clause", problems);
            if (bjjgdm != null && !CaseCompleted.TERMINATED.equals(bjjgdm) && !CaseCompleted.REFUSED.equals(bjjgdm)) {
                problems.add("样式（二）只用于补正不来办结（5）或不予备案（7），而不是" + bjjgdm
                        + " / style TWO is for BJJGDM 5 (terminated) or 7 (refused), not " + bjjgdm);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidNoticeFactsException("无法出具办理结果告知书 / cannot issue the result notice: "
                    + String.join("; ", problems));
        }
    }

    /** 样式（一）: the institution was filed. */
    public static NoticeFacts filed(String caseId, String sblsh, String applicantName, String authorityName,
                                    LocalDate date, String publishedAt, String filingNumber, LocalDate validFrom,
                                    LocalDate validTo) {
        return new NoticeFacts(NoticeStyle.ONE, caseId, sblsh, CaseCompleted.FILED, applicantName, authorityName,
                date, publishedAt, null, null, filingNumber, validFrom, validTo);
    }

    /** 样式（二）: the case ended without a filing, BJJGDM 5 (terminated) or 7 (refused). */
    public static NoticeFacts ended(String caseId, String sblsh, String bjjgdm, String applicantName,
                                    String authorityName, LocalDate date, String reason, String clause) {
        return new NoticeFacts(NoticeStyle.TWO, caseId, sblsh, bjjgdm, applicantName, authorityName, date, null,
                reason, clause, null, null, null);
    }

    /**
     * The notice a completed case gets: BJJGDM 6 → 样式（一）, 5 and 7 → 样式（二）, dated {@code decidedOn}. Any other
     * BJJGDM (0 出证, 1 退回, 2 作废) has no result notice in 附件3 and is refused.
     */
    public static NoticeFacts from(CaseCompleted completed) {
        return from(completed, List.of());
    }

    /** {@link #from(CaseCompleted)} for a 变更 whose change items (BGSX) the notice names. */
    public static NoticeFacts from(CaseCompleted completed, List<String> changeItems) {
        Objects.requireNonNull(completed, "completed");
        String code = completed.bjjgdm() == null ? null : completed.bjjgdm().strip();
        NoticeStyle style;
        if (CaseCompleted.FILED.equals(code)) {
            style = NoticeStyle.ONE;
        } else if (CaseCompleted.REFUSED.equals(code) || CaseCompleted.TERMINATED.equals(code)) {
            style = NoticeStyle.TWO;
        } else {
            throw new InvalidNoticeFactsException("办结结果代码" + code + "没有对应的办理结果告知书样式 / BJJGDM " + code
                    + " has no result notice (only 6, 5 and 7 have)");
        }
        return new NoticeFacts(style, completed.caseId(), completed.sblsh(), code, completed.applicantName(),
                completed.authorityName(), completed.decidedOn(), completed.publishedAt(), completed.reason(),
                completed.clause(), completed.filingNumber(), completed.validFrom(), completed.validTo(),
                completed.caseType(), changeItems);
    }

    /** Line breaks, tabs and other control characters, each run of them with the blanks around it, as one space. */
    private static final java.util.regex.Pattern BREAKS =
            java.util.regex.Pattern.compile("[\\s\\p{Cc}\\u2028\\u2029]*[\\p{Cc}\\u2028\\u2029][\\s\\p{Cc}\\u2028\\u2029]*");

    static String oneLine(String value) {
        return value == null ? null : BREAKS.matcher(value.strip()).replaceAll(" ");
    }

    private static String required(String value, String chinese, String english, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(chinese + "不能为空 / " + english + " must not be blank");
            return value;
        }
        String stripped = value.strip();
        if (stripped.codePoints().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            problems.add(chinese + "不能含换行或控制字符 / " + english + " must be one line without control characters");
        }
        return stripped;
    }
}
