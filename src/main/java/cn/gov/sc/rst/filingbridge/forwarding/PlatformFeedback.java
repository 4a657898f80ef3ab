package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.events.CaseReceived;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import cn.gov.sc.rst.filingbridge.intake.CheckCodes;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The platform's messages in its own terms (contract: {@code contracts/platform-feedback-v1.schema.json}): acceptance
 * ({@code SLZTDM}), the one-time supplement notice ({@code SPBUZHENGGAOZHI}, every material at once), completion
 * ({@code BJJGDM} with the result notice) and the SMS request that carries the one-time notice to the contact mobile.
 * Pure: the same event gives the same bytes.
 */
public final class PlatformFeedback {

    public static final String FEEDBACK_SCHEMA = "platform-feedback/v1";
    public static final String SMS_SCHEMA = "platform-sms/v1";
    public static final String ACCEPTED = "1";
    public static final String WORKING_DAYS = "G";
    public static final String CALENDAR_DAYS = "Z";
    private static final Map<String, String> RESULTS = Map.of("0", "出证办结", "1", "退回办结", "2", "作废办结",
            "5", "补正不来办结", "6", "准予", "7", "不予");

    private final ObjectMapper json;

    public PlatformFeedback(ObjectMapper json) {
        this.json = json;
    }

    /** SLZTDM 1 受理 with the acceptance time. A 补正 is acknowledged like any other case, under its own SBLSH. */
    public ObjectNode acceptance(CaseReceived received) {
        ObjectNode m = header(received.sblsh(), received.caseId(), "SLZTDM");
        m.put("SLZTDM", ACCEPTED);
        m.put("SLZTMC", "受理");
        m.put("SLSJ", time(received.receivedAt()));
        return m;
    }

    /** SPBUZHENGGAOZHI: reason, every missing or defective material at once, time limit and unit, notice time. */
    public ObjectNode supplementNotice(SupplementRequested requested) {
        unit(requested.timeLimitUnit());
        if (requested.materials() == null || requested.materials().isEmpty()) {
            throw new PlatformFeedbackException("the one-time supplement notice of " + requested.sblsh()
                    + " names no material");
        }
        ObjectNode m = header(requested.sblsh(), requested.caseId(), "SPBUZHENGGAOZHI");
        ObjectNode notice = m.putObject("SPBUZHENGGAOZHI");
        notice.put("BZYY", requested.reason());
        ArrayNode list = notice.putArray("BZCLQD");
        for (SupplementRequested.Material material : requested.materials()) {
            list.addObject().put("CLBM", material.code()).put("CLMC", material.name()).put("BZYQ", material.problem());
        }
        notice.put("BZSX", requested.timeLimit());
        notice.put("BZSXDW", requested.timeLimitUnit());
        notice.put("GZSJ", time(requested.decidedAt()));
        return m;
    }

    /**
     * The SMS request that carries the one-time notice to the contact mobile (LXRSJ), signed with the name of the
     * case's competent authority, e.g. 【成都市人力资源和社会保障局】.
     */
    public ObjectNode smsRequest(SupplementRequested requested, String authorityName) {
        if (authorityName == null || authorityName.isBlank()) {
            throw new PlatformFeedbackException("case " + requested.sblsh()
                    + " has no competent authority yet: the one-time notice SMS is sent in its name");
        }
        String mobile = requested.contactMobile();
        if (!CheckCodes.isMobile(mobile)) {
            throw new PlatformFeedbackException("case " + requested.sblsh()
                    + " has no valid contact mobile (LXRSJ) for the one-time notice SMS");
        }
        ObjectNode m = json.createObjectNode();
        m.put("schema", SMS_SCHEMA);
        m.put("SBLSH", requested.sblsh());
        m.put("caseId", requested.caseId());
        m.put("purpose", "SPBUZHENGGAOZHI");
        m.put("LXRSJ", mobile);
        m.put("text", smsText(requested, authorityName));
        return m;
    }

    /** BJJGDM with the completion time, the filing number when filed, and the result notice. */
    public ObjectNode completion(CaseCompleted completed, CompletionNotices.Notice notice) {
        String label = RESULTS.get(completed.bjjgdm());
        if (label == null) {
            throw new PlatformFeedbackException("BJJGDM " + completed.bjjgdm() + " of " + completed.sblsh()
                    + " is not one of " + RESULTS.keySet());
        }
        ObjectNode m = header(completed.sblsh(), completed.caseId(), "BJJGDM");
        m.put("BJJGDM", completed.bjjgdm());
        m.put("BJJGMC", label);
        m.put("BJSJ", time(completed.completedAt()));
        if (completed.filingNumber() != null) {
            m.put("BAH", completed.filingNumber());
        }
        if (completed.reason() != null) {
            m.put("BJYY", completed.reason());
        }
        ObjectNode n = m.putObject("notice");
        n.put("style", notice.style());
        n.put("text", notice.text());
        n.put("pdfBase64", notice.pdfBase64());
        signature(n.putObject("textSignature"), notice.textSignature());
        signature(n.putObject("pdfSignature"), notice.pdfSignature());
        return m;
    }

    /** The SMS text: every material with what is wrong with it, and the time limit. */
    static String smsText(SupplementRequested requested, String authorityName) {
        StringBuilder text = new StringBuilder("【" + authorityName + "】您单位申报的职业技能考核鉴定机构备案（申办流水号 ")
                .append(requested.sblsh()).append("）材料需补正，请一次性补正以下材料：");
        int i = 1;
        for (SupplementRequested.Material material : requested.materials()) {
            text.append(i == 1 ? "" : "；").append(i++).append(". ").append(material.name());
            if (material.problem() != null && !material.problem().isBlank()) {
                text.append("（").append(material.problem()).append("）");
            }
        }
        return text.append("。请自收到本通知之日起 ").append(requested.timeLimit()).append(" 个")
                .append(unit(requested.timeLimitUnit()))
                .append("内通过四川政务服务网提交补正材料，逾期未补正的，终止本次办理。").toString();
    }

    /** Platform time: ISO-8601 at +08:00, to the second. */
    static String time(OffsetDateTime t) {
        return t.atZoneSameInstant(ClockConfig.BUSINESS_ZONE).toOffsetDateTime().withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private ObjectNode header(String sblsh, String caseId, String type) {
        ObjectNode m = json.createObjectNode();
        m.put("schema", FEEDBACK_SCHEMA);
        m.put("SBLSH", sblsh);
        m.put("caseId", caseId);
        m.put("feedbackType", type);
        return m;
    }

    private static void signature(ObjectNode node, CompletionNotices.NoticeSignature signature) {
        node.put("alg", signature.alg());
        node.put("cert", signature.cert());
        node.put("value", signature.value());
    }

    private static String unit(String code) {
        if (WORKING_DAYS.equals(code)) {
            return "工作日";
        }
        if (CALENDAR_DAYS.equals(code)) {
            return "自然日";
        }
        throw new PlatformFeedbackException("time-limit unit " + code + " is neither G (working days) nor Z (calendar days)");
    }
}
