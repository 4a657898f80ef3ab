package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.cases.CaseWorkflow;
import cn.gov.sc.rst.filingbridge.events.CaseReceived;
import cn.gov.sc.rst.filingbridge.events.DeliveredToSkills;
import cn.gov.sc.rst.filingbridge.events.SupplementNoticeSent;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How the case moves on what intake and forwarding report, in their transactions (a failure here rolls their step
 * back):
 * <ul>
 *   <li>{@link CaseReceived}: the completeness clock starts for 设立备案, 变更 and 注销; a 变更 received more than 5
 *       working days after its change date is flagged ({@code change-late}); a 补正 moves the case it supplements to
 *       SUPPLEMENTED and stops that case's supplement clock;</li>
 *   <li>{@link DeliveredToSkills}: RECEIVED → FORWARDED; for a 补正 also the supplemented case back to UNDER_REVIEW;</li>
 *   <li>{@link SupplementNoticeSent}: MATERIALS_INCOMPLETE → SUPPLEMENT_REQUESTED, and the supplement clock starts at
 *       the time the platform says the SMS went out.</li>
 * </ul>
 */
@Component
class CaseLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaseLifecycle.class);

    private final CaseWorkflow workflow;
    private final Clocks clocks;
    private final Calendar calendar;
    private final ObjectMapper json;

    CaseLifecycle(CaseWorkflow workflow, Clocks clocks, Calendar calendar, ObjectMapper json) {
        this.workflow = workflow;
        this.clocks = clocks;
        this.calendar = calendar;
        this.json = json;
    }

    @EventListener
    void received(CaseReceived e) {
        if (e.caseType() == CaseType.SUPPLEMENT) {
            supplementReceived(e);
            return;
        }
        clocks.start(e.caseId(), ClockKind.COMPLETENESS, e.receivedAt());
        if (e.caseType() == CaseType.CHANGE) {
            changeDate(e.caseId()).ifPresent(changed -> {
                LocalDate received = e.receivedAt().atZoneSameInstant(clocks.zone()).toLocalDate();
                WorkingDayCalendar.Deadline due = calendar.deadline(changed, 5);
                if (received.isAfter(due.deadline())) {
                    workflow.note(e.caseId(), "change-late", "gateway:workflow",
                            "变更日期 " + changed + "，应于 " + due.deadline() + " 前（5个工作日内）申请变更备案，"
                                    + received + " 受理，已逾期 / changed on " + changed + ", due for filing by "
                                    + due.deadline() + ", received " + received,
                            e.sblsh());
                    log.warn("change case {} received late on {}: changed {}, due for filing by {}", e.sblsh(), received,
                            changed, due.deadline());
                }
            });
        }
    }

    private void supplementReceived(CaseReceived e) {
        Optional<String> parent = e.relatedSblsh() == null ? Optional.empty() : workflow.caseIdOf(e.relatedSblsh());
        if (parent.isEmpty()) {
            return;
        }
        String parentId = parent.get();
        CaseState state = workflow.state(parentId);
        String reason = "收到补正 " + e.sblsh() + " / supplement " + e.sblsh() + " received";
        if (state == CaseState.SUPPLEMENT_REQUESTED || state == CaseState.MATERIALS_INCOMPLETE) {
            workflow.move(parentId, state, CaseState.SUPPLEMENTED, "supplemented", "platform", reason, e.sblsh());
            clocks.stop(parentId, ClockKind.SUPPLEMENT, reason);
            // 附件2: 补正材料 goes back to 受理；确认材料是否齐全, within 受理时限 5 个工作日 of its submission; the check ends
            // with MATERIALS_COMPLETE (the filing clock starts) or TERMINATED
            clocks.start(parentId, ClockKind.COMPLETENESS, e.receivedAt());
        } else {
            workflow.note(parentId, "supplement-received", "platform", reason + "（办件状态 " + state
                    + "，状态不变 / state unchanged）", e.sblsh());
        }
    }

    @EventListener
    void delivered(DeliveredToSkills e) {
        AcceptedCase c = workflow.find(e.caseId()).orElseThrow();
        if (c.state() != CaseState.RECEIVED) {
            return;
        }
        workflow.move(c.caseId(), CaseState.RECEIVED, CaseState.FORWARDED, "forwarded", "gateway:forwarding",
                "已推送四川技能人才管理信息系统（第 " + e.recordVersion() + " 版）/ forwarded to the skills system",
                "skills:" + c.caseId() + ":" + e.recordVersion());
        // the mapping has determined the competent authority: its own 材料审查 limit, if shorter, applies from receipt
        clocks.applyAuthorityLimit(c.caseId(), ClockKind.COMPLETENESS).ifPresent(r -> workflow.note(c.caseId(),
                "clock-limit", "gateway:workflow", "材料审查时限按主管部门设定为 " + r.workingDays() + " 个工作日，"
                        + r.dueDate() + " 前 / completeness check limit of the competent authority: " + r.workingDays()
                        + " working days, due " + r.dueDate(), c.sblsh()));
        if (c.caseType() == CaseType.SUPPLEMENT && c.relatedSblsh() != null) {
            workflow.caseIdOf(c.relatedSblsh()).ifPresent(parentId -> {
                if (workflow.state(parentId) == CaseState.SUPPLEMENTED) {
                    workflow.move(parentId, CaseState.SUPPLEMENTED, CaseState.UNDER_REVIEW, "supplement-forwarded",
                            "gateway:forwarding", "补正材料 " + c.sblsh() + " 已推送，恢复审查 / supplement forwarded, "
                                    + "back under review", c.sblsh());
                }
            });
        }
    }

    @EventListener
    void noticeSent(SupplementNoticeSent e) {
        CaseState state = workflow.state(e.caseId());
        if (state == CaseState.SUPPLEMENT_REQUESTED && clocks.open(e.caseId(), ClockKind.SUPPLEMENT).isPresent()) {
            log.info("supplement notice of case {} confirmed again; clock already running", e.caseId());
            return;
        }
        if (state == CaseState.SUPPLEMENTED) {
            workflow.note(e.caseId(), "supplement-notice-sent", "platform",
                    "一次性告知短信已发送（补正已先到）/ notice SMS sent after the supplement arrived", null);
            return;
        }
        if (state != CaseState.MATERIALS_INCOMPLETE) {
            // the SMS did go out (the platform says so); refusing the fact would only make the delivery retry it
            workflow.note(e.caseId(), "supplement-notice-sent", "platform", "一次性告知短信已发送，但办件状态为 " + state
                    + "，补正时限未起算 / notice SMS sent while the case is " + state + "; no supplement clock started",
                    "sms:" + e.sentAt());
            log.warn("notice SMS of case {} confirmed while it is {}; no supplement clock started", e.caseId(), state);
            return;
        }
        workflow.move(e.caseId(), state, CaseState.SUPPLEMENT_REQUESTED, "supplement-requested", "platform",
                "一次性告知已送达申请人，" + clocks.workingDays(e.caseId(), ClockKind.SUPPLEMENT)
                        + " 个工作日内补正 / one-time notice sent",
                "sms:" + e.sentAt());
        clocks.start(e.caseId(), ClockKind.SUPPLEMENT, e.sentAt());
    }

    private Optional<LocalDate> changeDate(String caseId) {
        return workflow.find(caseId).map(c -> {
            try {
                JsonNode bgrq = json.readTree(c.payload()).get("BGRQ");
                return bgrq == null || bgrq.isNull() ? null : LocalDate.parse(bgrq.asText());
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored payload of case " + c.sblsh() + " is unreadable", ex);
            }
        });
    }
}
