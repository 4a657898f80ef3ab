package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.forwarding.DeadLetterReplay;
import cn.gov.sc.rst.filingbridge.forwarding.Deliveries;
import cn.gov.sc.rst.filingbridge.mapping.CodeTables;
import cn.gov.sc.rst.filingbridge.mapping.CodeTablesRefusedException;
import cn.gov.sc.rst.filingbridge.mapping.SkillsRecords;
import cn.gov.sc.rst.filingbridge.workflow.Calendar;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operators' console: server-rendered pages (Thymeleaf, no JavaScript) over the {@link ConsoleReadModel}, always
 * within the operator's {@link OperatorScope}; replays are POST forms with CSRF tokens and each is recorded in
 * {@link OperatorActions}.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private final ConsoleReadModel model;
    private final OperatorScopes scopes;
    private final OperatorActions actions;
    private final Deliveries deliveries;
    private final SkillsRecords records;
    private final ConsoleHealth health;
    private final Calendar calendar;
    private final CodeTables codeTables;
    private final DeadLetterReplay deadLetters;

    ConsoleController(ConsoleReadModel model, OperatorScopes scopes, OperatorActions actions, Deliveries deliveries,
                      SkillsRecords records, ConsoleHealth health, Calendar calendar, CodeTables codeTables,
                      DeadLetterReplay deadLetters) {
        this.deadLetters = deadLetters;
        this.model = model;
        this.scopes = scopes;
        this.actions = actions;
        this.deliveries = deliveries;
        this.records = records;
        this.health = health;
        this.calendar = calendar;
        this.codeTables = codeTables;
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @GetMapping({"", "/"})
    String home() {
        return "redirect:/console/cases";
    }

    @GetMapping("/cases")
    String cases(@RequestParam Optional<String> state, @RequestParam Optional<String> q,
                 @RequestParam(defaultValue = "0") int p, Principal principal, Model page) {
        OperatorScope scope = scopes.of(principal);
        page.addAttribute("scope", scope);
        page.addAttribute("today", model.today());
        page.addAttribute("states", model.states());
        page.addAttribute("state", state.orElse(""));
        page.addAttribute("q", q.orElse(""));
        ConsoleReadModel.CasePage cases = model.cases(scope, state, q, p);
        page.addAttribute("cases", cases.rows());
        page.addAttribute("paging", cases);
        return "console/cases";
    }

    @GetMapping("/cases/{sblsh}")
    String caseDetail(@PathVariable String sblsh, Principal principal, Model page, HttpServletResponse response) {
        OperatorScope scope = scopes.of(principal);
        page.addAttribute("scope", scope);
        Optional<ConsoleReadModel.CaseDetail> detail = model.caseDetail(scope, sblsh);
        if (detail.isEmpty()) {
            // rendered here: the error dispatch belongs to the API's security chain, not the console's
            response.setStatus(HttpStatus.NOT_FOUND.value());
            page.addAttribute("sblsh", sblsh);
            return "console/not-found";
        }
        page.addAttribute("today", model.today());
        page.addAttribute("c", detail.get());
        return "console/case";
    }

    @GetMapping("/messages")
    String messages(Principal principal, Model page) {
        OperatorScope scope = scopes.of(principal);
        page.addAttribute("scope", scope);
        page.addAttribute("records", model.stuckRecords(scope));
        page.addAttribute("failures", model.mappingFailures(scope));
        try {
            page.addAttribute("deadLetterQueues", deadLetters.queues(l -> inScope(scope, l.authorityArea())));
        } catch (jakarta.jms.JMSException | RuntimeException e) {
            // the records above come from the database; the broker being away hides only this section
            page.addAttribute("deadLetterQueues", java.util.List.of());
            page.addAttribute("deadLettersUnavailable", "消息中间件暂不可用 / the broker cannot be asked now: " + e.getMessage());
        }
        return "console/messages";
    }

    @PostMapping("/messages/dead-letters/replay")
    String replayDeadLetter(@RequestParam String queue, @RequestParam String messageId, Principal principal,
                            RedirectAttributes redirect) throws jakarta.jms.JMSException {
        OperatorScope scope = scopes.of(principal);
        String target = "dead letter " + queue + " " + messageId;
        String outcome;
        Optional<DeadLetterReplay.LetterView> letter = messageId.matches("ID:[0-9A-Za-z:\\-]{1,100}")
                ? deadLetters.letter(queue, messageId) : Optional.empty();
        if (letter.isEmpty() || !inScope(scope, letter.get().authorityArea())) {
            outcome = "拒绝：无此死信或不在您的管辖范围内 / refused: no such dead letter in your area";
        } else {
            DeadLetterReplay.Outcome done = deadLetters.replay(queue, messageId, scope.operator());
            outcome = switch (done) {
                case RECORD_REPLAYED -> "已重新投递 " + letter.get().recordKey() + " / record replayed";
                case MOVED_BACK -> "已送回 " + letter.get().origin() + " / moved back to " + letter.get().origin();
                case GONE -> "未重放：死信已不在队列中 / nothing replayed: the letter is gone";
            } + OperationsApi.describe(letter.get());
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DEAD_LETTER, target, outcome);
        redirect.addFlashAttribute("flash", outcome);
        return "redirect:/console/messages";
    }

    @PostMapping("/messages/deliveries/{recordId}/replay")
    String replayDelivery(@PathVariable long recordId, Principal principal, RedirectAttributes redirect) {
        OperatorScope scope = scopes.of(principal);
        String target = "outbound_record " + recordId;
        Optional<ConsoleReadModel.StuckRecord> record = model.stuckRecord(recordId);
        String outcome;
        if (record.isEmpty() || !inScope(scope, record.get().authorityArea())) {
            outcome = "拒绝：无此消息或不在您的管辖范围内 / refused: no such message in your area";
        } else if (!record.get().status().replayable()) {
            outcome = "未重放：消息状态为 " + record.get().status() + " / not replayed: the message is "
                    + record.get().status();
        } else {
            int n = deliveries.replay(Optional.empty(), Optional.of(recordId), record.get().status(), scope.operator());
            outcome = n == 1 ? "已重新投递 " + record.get().sblsh() + " / replayed from " + record.get().status()
                    : "未重放 / nothing replayed";
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DELIVERY, target, outcome);
        redirect.addFlashAttribute("flash", outcome);
        return "redirect:/console/messages";
    }

    @PostMapping("/messages/mapping/{caseId}/replay")
    String replayMapping(@PathVariable String caseId, Principal principal, RedirectAttributes redirect) {
        OperatorScope scope = scopes.of(principal);
        Optional<String> area = model.authorityAreaOf(caseId);
        String outcome;
        if (area.isEmpty() || !inScope(scope, area.get())) {
            outcome = "拒绝：无此办件或不在您的管辖范围内 / refused: no such case in your area";
        } else {
            try {
                int n = records.replay(Optional.of(caseId), scope.operator());
                outcome = n == 1 ? "已重新映射 / mapping replayed" : "未重放：无待处理的映射失败 / no open mapping failure";
            } catch (CodeTablesRefusedException e) {
                outcome = e.getMessage();
            }
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_MAPPING, "case " + caseId, outcome);
        redirect.addFlashAttribute("flash", outcome);
        return "redirect:/console/messages";
    }

    @GetMapping("/health")
    String health(Principal principal, Model page) {
        page.addAttribute("scope", scopes.of(principal));
        page.addAttribute("report", health.report());
        page.addAttribute("calendarYears", calendar.sources());
        page.addAttribute("codeTables", codeTables.describe());
        return "console/health";
    }

    @GetMapping("/actions")
    String actions(Principal principal, Model page) {
        OperatorScope scope = scopes.of(principal);
        page.addAttribute("scope", scope);
        page.addAttribute("actions", actions.latest(scope, 500));
        return "console/actions";
    }

    /** A case not yet assigned to an authority ("" or null) belongs to the province. */
    static boolean inScope(OperatorScope scope, String authorityArea) {
        return authorityArea == null || authorityArea.isEmpty() ? scope.province() : scope.allows(authorityArea);
    }
}
