package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.cases.TransitionRefusedException;
import cn.gov.sc.rst.filingbridge.cases.CaseWorkflow;
import cn.gov.sc.rst.filingbridge.cases.CaseTransitions;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import cn.gov.sc.rst.filingbridge.forwarding.CompletionNotices;
import cn.gov.sc.rst.filingbridge.forwarding.MinistryReportException;
import cn.gov.sc.rst.filingbridge.forwarding.MinistryReports;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.intake.AnonymousRefusals;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.intake.CheckCodes;
import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.intake.Rule;
import cn.gov.sc.rst.filingbridge.intake.TextCharacters;
import cn.gov.sc.rst.filingbridge.reporting.FilingEvent;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.SignatureRejectedException;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.signing.VerifiedSignature;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import cn.gov.sc.rst.filingbridge.wiring.ContractSchemas;
import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decisions the skills system posts about a case: verified (SM2 over the exact body bytes, by one of the skills
 * system's certificates), validated against {@code contracts/skills-decision-v1.schema.json}, applied to the case in one
 * transaction (state, clocks, register, ministry report, the events the platform feedback reacts to) and stored with the
 * answer in {@code skills_decision}. The same decision id with the same body gets the stored answer again; with another
 * body 409. A decision that does not fit the case is refused (409, the reason naming both states) and stored as refused,
 * with an event in the case's history. Requests refused before they are a decision (signature, contract, conflicting
 * id) are recorded in {@code intake_refusal} under channel SKILLS, one row each, once the signature verified; a
 * request whose signature does not verify (none, malformed, unknown certificate, mismatch) is only counted, per minute
 * and reason ({@link AnonymousRefusals}, {@code window_refusal_count}, channel SKILLS), so a flood adds no rows.
 *
 * <p>A verified, well-formed decision's id is claimed in {@code decision_claim}, in its own transaction, before the
 * decision gets any answer, and the answer is stored with the claim: a decision refused or failed (503) is never
 * replayed under the same id. A {@code decidedAt} more than {@code bridge.workflow.decision-max-age} (plus the
 * timestamp tolerance) before receipt, or beyond the tolerance in the future, is refused with 422.
 */
@Service
public class Decisions {

    public static final String SCHEMA = "contracts/skills-decision-v1.schema.json";
    static final String ACTOR = "skills-system";
    private static final Logger log = LoggerFactory.getLogger(Decisions.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MessageVerifier verifier;
    private final Set<String> signers;
    private final CaseWorkflow workflow;
    private final Clocks clocks;
    private final InstitutionRegister register;
    private final MinistryReports reports;
    private final CaseOutcomes outcomes;
    private final ApplicationEventPublisher events;
    private final JsonSchema schema;
    private final Duration decisionMaxAge;
    private final Duration tolerance;
    private final AnonymousRefusals anonymous;

    Decisions(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, MessageVerifier verifier,
              WorkflowProperties properties, CaseWorkflow workflow, Clocks clocks, InstitutionRegister register,
              MinistryReports reports, CaseOutcomes outcomes, ApplicationEventPublisher events,
              BridgeProperties bridge, AnonymousRefusals anonymous) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.verifier = verifier;
        this.signers = Set.copyOf(properties.decisionSignerSerials());
        this.workflow = workflow;
        this.clocks = clocks;
        this.register = register;
        this.reports = reports;
        this.outcomes = outcomes;
        this.events = events;
        this.schema = ContractSchemas.load(SCHEMA);
        this.decisionMaxAge = properties.decisionMaxAge();
        this.tolerance = bridge.intake().timestampTolerance();
        this.anonymous = anonymous;
    }

    /** The HTTP answer: status and JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    private record Stored(String bodySm3, int status, String answer) {
    }

    /**
     * Cheap refusals first: a post whose signature headers are missing or malformed is refused (401, counted, never a
     * row) before its body is read.
     */
    public Optional<Answer> refuseUnsignedHeaders(Function<String, String> header) {
        try {
            DetachedSignature.fromHeaders(header);
            return Optional.empty();
        } catch (SignatureRejectedException e) {
            return Optional.of(unsigned(e));
        }
    }

    /**
     * A post whose signature does not verify: not signed by anyone known, so counted (window_refusal_count, channel
     * SKILLS), not a row per request; 401 when the signature is malformed, else 403.
     */
    private Answer unsigned(SignatureRejectedException e) {
        String code = "signature-" + e.reason().name().toLowerCase(java.util.Locale.ROOT);
        anonymous.countUnsignedDecision(code);
        int status = e.reason() == SignatureRejectedException.Reason.MALFORMED ? 401 : 403;
        return answerRefusal(status, code, "签名未通过验证 / signature rejected: " + e.reason(), List.of(
                problem("X-Signature", "签名未通过验证（" + e.reason() + "）", "signature rejected: " + e.getMessage())));
    }

    /** Takes one posted decision: the exact body bytes and the request's headers. */
    public Answer receive(byte[] body, Function<String, String> header) {
        String bodySm3 = Sm3.hex(body);
        JsonNode tree = tree(body);
        // only a well-formed SBLSH is logged and recorded; a malformed one is refused by the contract (sblsh-format)
        String sblsh = tree != null && tree.path("SBLSH").isTextual() && CheckCodes.isSblsh(tree.get("SBLSH").asText())
                ? tree.get("SBLSH").asText() : null;
        try (CaseLogContext ignored = CaseLogContext.sblsh(String.valueOf(sblsh))) {
            DetachedSignature signature;
            VerifiedSignature verified;
            try {
                signature = DetachedSignature.fromHeaders(header);
                verified = verifier.verify(body, signature);
            } catch (SignatureRejectedException e) {
                return unsigned(e);
            }
            if (!signers.contains(verified.certificateSerial())) {
                return refuse(403, "signature-not-skills", sblsh, bodySm3,
                        "签名证书不是技能系统的 / not signed by the skills system", List.of(problem("X-Signature-Cert",
                                "证书 " + verified.certificateSerial() + " 不是技能系统的决定签名证书",
                                "certificate " + verified.certificateSerial() + " (" + verified.subject()
                                        + ") is not one of bridge.workflow.decision-signer-serials")));
            }
            if (tree == null) {
                return refuse(400, "invalid-decision", sblsh, bodySm3, "请求体不是 JSON / the body is not JSON",
                        List.of(problem("$", "请求体不是合法的 UTF-8 JSON", "the body is not valid UTF-8 JSON")));
            }
            List<Map<String, String>> errors = new ArrayList<>(
                    schema.validate(tree).stream().map(this::problem).distinct().toList());
            // a NUL or a lone surrogate in an escape: the database would refuse the decision's text (or damage it)
            TextCharacters.check(tree).forEach(v -> errors.add(problem("$".equals(v.field()) ? "$" : "$." + v.field(),
                    v.messageZh(), v.messageEn())));
            if (!errors.isEmpty()) {
                return refuse(400, "invalid-decision", sblsh, bodySm3,
                        "决定不符合接口约定 / the decision breaks the contract", errors);
            }
            SkillsDecision decision;
            try {
                decision = json.treeToValue(tree, SkillsDecision.class);
            } catch (JsonProcessingException e) {
                return refuse(400, "invalid-decision", sblsh, bodySm3,
                        "决定不符合接口约定 / the decision breaks the contract",
                        List.of(problem("$", "无法读取决定", "unreadable: " + e.getOriginalMessage())));
            }
            Optional<Answer> spent = claim(decision, bodySm3);
            if (spent.isPresent()) {
                return spent.get();
            }
            Answer answer = outOfWindow(decision, bodySm3)
                    .orElseGet(() -> decide(decision, body, bodySm3, signature, verified));
            answered(decision, answer);
            return answer;
        }
    }

    /**
     * Claims the decision id in its own transaction; empty when this request now holds it. A spent id gets the stored
     * answer when the body is the same, else 409 decision-id-spent.
     */
    private Optional<Answer> claim(SkillsDecision d, String bodySm3) {
        try {
            tx.executeWithoutResult(s -> jdbc.sql("""
                    INSERT INTO decision_claim (decision_id, body_sm3, claimed_at) VALUES (:id, :sm3, :now)""")
                    .param("id", d.decisionId()).param("sm3", bodySm3).param("now", clocks.now()).update());
            return Optional.empty();
        } catch (DuplicateKeyException spent) {
            Stored claim = jdbc.sql("""
                    SELECT body_sm3, http_status, answer FROM decision_claim WHERE decision_id = :id""")
                    .param("id", d.decisionId())
                    .query((rs, i) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3))).single();
            boolean same = claim.bodySm3().equals(bodySm3);
            if (same && claim.answer() != null) {
                log.info("decision {} posted again; answered as stored ({})", d.decisionId(), claim.status());
                return Optional.of(new Answer(claim.status(), tree(claim.answer().getBytes(StandardCharsets.UTF_8))));
            }
            if (same) {
                Optional<Answer> known = known(d, bodySm3);
                if (known.isPresent()) {
                    return known;
                }
            }
            return Optional.of(refuse(409, "decision-id-spent", d.sblsh(), bodySm3,
                    "决定标识已使用 / the decision id is spent", List.of(problem("decisionId",
                            same ? "决定 " + d.decisionId() + " 正在处理或处理中断，请以新的决定标识重发"
                                    : "决定标识 " + d.decisionId() + " 已以不同内容提交过，不能重复使用",
                            same ? "decision " + d.decisionId() + " is being processed or was interrupted;"
                                    + " send it again under a new decision id"
                                    : "decision id " + d.decisionId() + " was already posted with a different body;"
                                    + " a decision id is used once"))));
        }
    }

    /** Stores the answer with the claim, so that the same decision posted again gets it. */
    private void answered(SkillsDecision d, Answer answer) {
        jdbc.sql("""
                UPDATE decision_claim SET http_status = :status, answer = :answer, answered_at = :now
                WHERE decision_id = :id""")
                .param("status", answer.status()).param("answer", answer.body().toString())
                .param("now", clocks.now()).param("id", d.decisionId()).update();
    }

    /**
     * 422 when {@code decidedAt} is older than the allowed age or in the future, both beyond the tolerance, or when a
     * 现场技术评估 is dated after the day it is decided (so never in the future either).
     */
    private Optional<Answer> outOfWindow(SkillsDecision d, String bodySm3) {
        OffsetDateTime now = clocks.now();
        if (d.decidedAt().isAfter(now.plus(tolerance))) {
            return Optional.of(refuse(422, "decided-at-out-of-window", d.sblsh(), bodySm3,
                    "决定时间晚于当前时间 / decidedAt is in the future", List.of(problem("decidedAt",
                            "决定时间 " + d.decidedAt() + " 晚于收到时间 " + now + "（允许误差 " + tolerance + "）",
                            "decidedAt " + d.decidedAt() + " is later than its receipt " + now + " (tolerance "
                                    + tolerance + ")"))));
        }
        if (d.decidedAt().isBefore(now.minus(decisionMaxAge).minus(tolerance))) {
            return Optional.of(refuse(422, "decided-at-out-of-window", d.sblsh(), bodySm3,
                    "决定时间过早 / decidedAt is too old", List.of(problem("decidedAt",
                            "决定时间 " + d.decidedAt() + " 早于收到时间 " + now + " 前 " + decisionMaxAge
                                    + "（bridge.workflow.decision-max-age，另加误差 " + tolerance + "）",
                            "decidedAt " + d.decidedAt() + " is more than " + decisionMaxAge
                                    + " (bridge.workflow.decision-max-age, plus tolerance " + tolerance
                                    + ") before its receipt " + now))));
        }
        if (d.validFrom() != null && d.validTo() != null && d.validTo().isBefore(d.validFrom())) {
            return Optional.of(refuse(422, "invalid-validity", d.sblsh(), bodySm3,
                    "备案有效期有误 / the filing's validity is wrong", List.of(problem("validTo",
                            "有效期截止日 " + d.validTo() + " 早于起始日 " + d.validFrom(),
                            "validTo " + d.validTo() + " is before validFrom " + d.validFrom()))));
        }
        if (d.evaluation() != null && d.evaluation().date() != null) {
            LocalDate decidedOn = d.decidedAt().atZoneSameInstant(clocks.zone()).toLocalDate();
            if (d.evaluation().date().isAfter(decidedOn)) {
                return Optional.of(refuse(422, "evaluation-after-decision", d.sblsh(), bodySm3,
                        "现场技术评估日期晚于决定日期 / the evaluation date is after the decision", List.of(problem(
                                "evaluation.date", "现场技术评估日期 " + d.evaluation().date() + " 晚于决定日期 "
                                        + decidedOn + "（" + clocks.zone() + "），评估须在决定之前或当天进行",
                                "the evaluation date " + d.evaluation().date() + " is after the decision date "
                                        + decidedOn + " (" + clocks.zone() + "); an evaluation takes place on or before the"
                                        + " day it is decided"))));
            }
        }
        return Optional.empty();
    }

    private Answer decide(SkillsDecision d, byte[] body, String bodySm3, DetachedSignature signature,
                          VerifiedSignature verified) {
        Optional<Answer> known = known(d, bodySm3);
        if (known.isPresent()) {
            return known.get();
        }
        Optional<String> caseId = workflow.caseIdOf(d.sblsh());
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (caseId.isEmpty()) {
                Answer answer = refusedAnswer(d, 404, null, "没有申办流水号为 " + d.sblsh() + " 的办件",
                        "there is no case " + d.sblsh());
                tx.executeWithoutResult(s -> store(d, null, bodySm3, text, verified, signature, "REFUSED", answer));
                return answer;
            }
            try {
                return tx.execute(s -> {
                    try {
                        CaseState state = apply(d, caseId.get());
                        Answer answer = appliedAnswer(d, state);
                        store(d, caseId.get(), bodySm3, text, verified, signature, "APPLIED", answer);
                        return answer;
                    } catch (DecisionRefusedException | MinistryReportException
                             | CompletionNotices.NoticeNotIssuedException e) {
                        throw new Unapplied(e);
                    }
                });
            } catch (TransitionRefusedException e) {
                return refused(d, caseId.get(), bodySm3, text, verified, signature, e.messageZh(), e.messageEn());
            } catch (Unapplied e) {
                if (e.getCause() instanceof DecisionRefusedException r) {
                    return refused(d, caseId.get(), bodySm3, text, verified, signature, r.messageZh(), r.getMessage());
                }
                if (e.getCause() instanceof CompletionNotices.NoticeNotIssuedException n && n.byTheFacts()) {
                    // the decision's own text cannot make the notice (a blank reason): the case stays as it was
                    return refused(d, caseId.get(), bodySm3, text, verified, signature, 422,
                            "决定的内容无法出具办理结果告知书：" + n.getMessage(),
                            "the decision's content cannot make the result notice: " + n.getMessage());
                }
                log.error("decision {} could not be applied: {}", d.decisionId(), e.getCause().getMessage());
                return new Answer(503, ProblemJson.tree(json, ProblemJson.of(503, "unavailable",
                        "暂时无法处理该决定，请稍后重发 / the decision cannot be applied now, send it again later",
                        e.getCause().getMessage())));
            }
        } catch (DuplicateKeyException raced) {
            return known(d, bodySm3).orElseThrow(() -> raced);
        }
    }

    /** Carries a checked refusal out of the transaction callback, rolling it back. */
    private static final class Unapplied extends IllegalStateException {
        Unapplied(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Answer refused(SkillsDecision d, String caseId, String bodySm3, String text, VerifiedSignature verified,
                           DetachedSignature signature, String zh, String en) {
        return refused(d, caseId, bodySm3, text, verified, signature, 409, zh, en);
    }

    private Answer refused(SkillsDecision d, String caseId, String bodySm3, String text, VerifiedSignature verified,
                           DetachedSignature signature, int status, String zh, String en) {
        return tx.execute(s -> {
            CaseState state = workflow.state(caseId);
            Answer answer = refusedAnswer(d, status, state, zh, en);
            store(d, caseId, bodySm3, text, verified, signature, "REFUSED", answer);
            workflow.note(caseId, "decision-refused", ACTOR, "决定 " + d.decisionId() + "（" + d.kind() + "）被拒绝："
                    + zh + " / decision refused: " + en, "decision:" + d.decisionId());
            log.warn("decision {} ({}) refused: {}", d.decisionId(), d.kind(), en);
            return answer;
        });
    }

    /** Applies the decision to its case; returns the case's new state. */
    private CaseState apply(SkillsDecision d, String caseId) throws DecisionRefusedException, MinistryReportException {
        AcceptedCase c = workflow.find(caseId).orElseThrow();
        CaseState from = c.state();
        String ref = "decision:" + d.decisionId();
        LocalDate on = d.decidedAt().atZoneSameInstant(clocks.zone()).toLocalDate();
        OffsetDateTime now = clocks.now();
        if (c.caseType() == CaseType.SUPPLEMENT) {
            throw new DecisionRefusedException("补正办件 " + c.sblsh() + " 不单独作出决定，请对其补正的原办件 "
                    + c.relatedSblsh() + " 作出决定", "a 补正 case (" + c.sblsh() + ") is not decided on its own; "
                    + "decide the case it supplements, " + c.relatedSblsh());
        }
        competentAuthority(d, c);
        if (from == CaseState.RECEIVED) {
            // the skills system decides on a record it holds: its acknowledgement of the delivery has not been
            // recorded yet (it is committed after the peer's answer), so the case is forwarded first, here
            workflow.move(caseId, CaseState.RECEIVED, CaseState.FORWARDED, "forwarded", ACTOR,
                    "技能系统已就本办件作出决定，视为已推送 / the skills system decided on the case, so it holds it", ref);
            from = CaseState.FORWARDED;
        }
        switch (d.kind()) {
            case MATERIALS_COMPLETE -> {
                workflow.move(caseId, from, CaseState.UNDER_REVIEW, "materials-complete", ACTOR,
                        "材料齐全，进入备案审查 / materials complete (" + d.authority() + ")", ref);
                clocks.stop(caseId, ClockKind.COMPLETENESS, "材料齐全 / materials complete");
                clocks.start(caseId, ClockKind.FILING, d.decidedAt());
                return CaseState.UNDER_REVIEW;
            }
            case MATERIALS_INCOMPLETE -> {
                oneTimeOnly(c);
                String reason = d.reason() != null ? d.reason()
                        : "申请材料不齐全或不符合要求 / the materials are incomplete or defective";
                workflow.move(caseId, from, CaseState.MATERIALS_INCOMPLETE, "materials-incomplete", ACTOR,
                        reason + "：" + String.join("、", d.materials().stream()
                                .map(m -> m.code() + " " + m.name()).toList()), ref);
                clocks.stop(caseId, ClockKind.COMPLETENESS, "材料不全，一次性告知 / materials incomplete");
                clocks.stop(caseId, ClockKind.FILING, "材料不全，一次性告知 / materials incomplete");
                events.publishEvent(new SupplementRequested(caseId, c.sblsh(), reason, d.materials().stream()
                        .map(m -> new SupplementRequested.Material(m.code(), m.name(), m.problem())).toList(),
                        clocks.workingDays(caseId, ClockKind.SUPPLEMENT), "G", filingCase(c).lxrsj(), d.decidedAt()));
                return CaseState.MATERIALS_INCOMPLETE;
            }
            case FILED -> {
                filed(d, c, from, on, now, ref);
                return CaseState.FILED;
            }
            case REFUSED -> {
                workflow.move(caseId, from, CaseState.REFUSED, "refused", ACTOR,
                        d.reason() + "（" + d.clause() + "）", ref);
                clocks.stopAll(caseId, "不予备案 / refused");
                outcomes.refused(c, d.authority(), on, d.decidedAt(), d.reason(), d.clause());
                return CaseState.REFUSED;
            }
            case REVOKED -> {
                InstitutionRegister.Entry entry = register.byCase(caseId).orElseThrow(() ->
                        new DecisionRefusedException("办件 " + c.sblsh() + " 没有登记的备案机构，无从取消备案",
                                "case " + c.sblsh() + " has no registered institution to revoke"));
                String cause = SkillsDecision.revocationCauseText(d.revocationCause());
                workflow.move(caseId, from, CaseState.REVOKED, "revoked", ACTOR, cause + "。" + d.facts(), ref);
                register.revoked(entry.filingNumber(), caseId, cause, d.facts(), on, now);
                reports.enqueue(new FilingEvent(caseId, FilingEvent.Kind.REVOKED, entry.filingNumber(), on));
                return CaseState.REVOKED;
            }
            case SITE_EVALUATION -> {
                return evaluated(d, c, from, on, now, ref);
            }
            case TERMINATED -> {
                terminated(d, c, from, on, ref);
                return CaseState.TERMINATED;
            }
            default -> throw new IllegalStateException("unhandled decision kind " + d.kind());
        }
    }

    /**
     * Only the case's competent authority decides: the one the mapping determined for it (二、四 of the notice; for a
     * 变更 of 名称/负责人 and a 注销 the authority that filed the institution), named in the decision by its name or
     * its area code. A case whose authority is not determined yet takes no decision.
     */
    private void competentAuthority(SkillsDecision d, AcceptedCase c) throws DecisionRefusedException {
        String[] competent = jdbc.sql("SELECT authority_name, authority_area FROM filing_case WHERE case_id = :id")
                .param("id", c.caseId()).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        if (competent[0] == null) {
            throw new DecisionRefusedException("办件 " + c.sblsh() + " 的主管人力资源社会保障部门尚未确定，不能作出决定",
                    "the competent authority of case " + c.sblsh() + " is not determined yet; it takes no decision");
        }
        String by = d.authority().strip();
        if (!by.equals(competent[0]) && !by.equals(competent[1])) {
            throw new DecisionRefusedException("作出决定的部门 " + by + " 不是办件 " + c.sblsh() + " 的主管部门 " + competent[0]
                    + "（" + competent[1] + "）", "the decision is made by " + by + ", but the competent authority of case "
                    + c.sblsh() + " is " + competent[0] + " (" + competent[1] + ")");
        }
    }

    /** 三(一)2(2) files only "材料齐全且现场技术评估合格的": the same clause as a termination, cited the same way. */
    static final String EVALUATION_CLAUSE = CaseOutcomes.TERMINATION_CLAUSE;

    private boolean evaluationPassed(String caseId) {
        return jdbc.sql("""
                SELECT passed FROM site_evaluation WHERE case_id = :id ORDER BY evaluation_id DESC""")
                .param("id", caseId).query(Boolean.class).list().stream().findFirst().orElse(false);
    }

    /**
     * 现场技术评估 of a 设立备案 under review: recorded; passed keeps the case under review (it may now be FILED), failed
     * ends it in 不予备案 with the evaluation's remarks as the reason.
     */
    private CaseState evaluated(SkillsDecision d, AcceptedCase c, CaseState from, LocalDate on, OffsetDateTime now,
                                String ref) throws DecisionRefusedException {
        if (c.caseType() != CaseType.NEW_FILING) {
            throw new DecisionRefusedException("现场技术评估只用于设立备案，办件 " + c.sblsh() + " 是" + c.caseType().label(),
                    "an on-site technical evaluation applies to a 设立备案 only; case " + c.sblsh() + " is a "
                            + c.caseType().label());
        }
        if (from != CaseState.UNDER_REVIEW) {
            throw new DecisionRefusedException("办件 " + c.sblsh() + " 处于 " + from + "，材料齐全（UNDER_REVIEW）后方可"
                    + "现场技术评估", "case " + c.sblsh() + " is " + from + ": the on-site evaluation follows the "
                    + "materials being complete (UNDER_REVIEW) (" + from + " -> SITE_EVALUATION)");
        }
        SkillsDecision.Evaluation e = d.evaluation();
        LocalDate received = c.receivedAt().atZoneSameInstant(clocks.zone()).toLocalDate();
        if (e.date() != null && e.date().isBefore(received)) {
            throw new DecisionRefusedException("现场技术评估日期（evaluation.date）" + e.date() + " 早于办件 " + c.sblsh()
                    + " 的受理日期 " + received + "，不是本办件的评估", "the evaluation date (evaluation.date) " + e.date()
                    + " is before case " + c.sblsh() + " was received (" + received + "): it is not this case's evaluation");
        }
        if (e.evaluators() == null || e.evaluators().isEmpty()
                || e.evaluators().stream().anyMatch(name -> name == null || name.isBlank())) {
            throw new DecisionRefusedException("现场技术评估须写明每位评估人员的姓名（evaluation.evaluators）",
                    "an on-site evaluation names each of its evaluators (evaluation.evaluators)");
        }
        jdbc.sql("""
                INSERT INTO site_evaluation (case_id, decision_id, passed, evaluated_on, evaluators, remarks, recorded_at)
                VALUES (:caseId, :decisionId, :passed, :on, :evaluators, :remarks, :now)""")
                .param("caseId", c.caseId()).param("decisionId", d.decisionId()).param("passed", e.passed())
                .param("on", e.date()).param("evaluators", String.join("、", e.evaluators()))
                .param("remarks", e.remarks()).param("now", now).update();
        String summary = "现场技术评估" + (e.passed() ? "合格" : "不合格") + "（" + e.date() + "，评估人员 "
                + String.join("、", e.evaluators()) + (e.remarks() != null ? "；" + e.remarks() : "") + "）";
        if (e.passed()) {
            workflow.note(c.caseId(), "site-evaluation-passed", ACTOR, summary + " / on-site evaluation passed", ref);
            return from;
        }
        String reason = "现场技术评估不合格：" + e.remarks();
        workflow.move(c.caseId(), from, CaseState.REFUSED, "refused", ACTOR, summary + "，不予备案 / on-site "
                + "evaluation failed: refused", ref);
        clocks.stopAll(c.caseId(), "不予备案 / refused");
        outcomes.refused(c, d.authority(), on, d.decidedAt(), reason, EVALUATION_CLAUSE);
        return CaseState.REFUSED;
    }

    /** The applied one-time notice (一次性告知) of the case, if it had one: decision id and when it was received. */
    private Optional<String[]> oneTimeNotice(String caseId) {
        return jdbc.sql("""
                SELECT decision_id, received_at FROM skills_decision
                WHERE case_id = :id AND decision_kind = 'MATERIALS_INCOMPLETE' AND outcome = 'APPLIED'
                ORDER BY received_at""")
                .param("id", caseId)
                .query((rs, i) -> new String[] {rs.getString(1), String.valueOf(rs.getObject(2, OffsetDateTime.class)
                        .atZoneSameInstant(clocks.zone()).toLocalDate())})
                .list().stream().findFirst();
    }

    /** 三(一)2(2): the missing materials are told once (一次性告知); a second notice for the same case is refused. */
    private void oneTimeOnly(AcceptedCase c) throws DecisionRefusedException {
        Optional<String[]> earlier = oneTimeNotice(c.caseId());
        if (earlier.isPresent()) {
            throw new DecisionRefusedException("办件 " + c.sblsh() + " 已于 " + earlier.get()[1] + " 一次性告知补正（决定 "
                    + earlier.get()[0] + "），不得再次告知；补正后请作出材料齐全（MATERIALS_COMPLETE）或终止办理"
                    + "（TERMINATED）的决定", "case " + c.sblsh() + " was already told its missing materials once, on "
                    + earlier.get()[1] + " (decision " + earlier.get()[0] + "); the notice is one-time: after the 补正 "
                    + "decide MATERIALS_COMPLETE or TERMINATED");
        }
    }

    /**
     * 三(一)2(2): the 补正 came but the materials are still incomplete, so the case ends (终止本次办理, 样式（二）). Only
     * after a one-time notice and its 补正; before the 补正 the sweep ends the case when the window passes.
     */
    private void terminated(SkillsDecision d, AcceptedCase c, CaseState from, LocalDate on, String ref)
            throws DecisionRefusedException {
        if (oneTimeNotice(c.caseId()).isEmpty()) {
            throw new DecisionRefusedException("办件 " + c.sblsh() + " 未曾一次性告知补正，不能以补正未补齐终止办理；"
                    + "材料不全请先作出 MATERIALS_INCOMPLETE 决定", "case " + c.sblsh() + " was never told to supplement "
                    + "its materials, so it cannot be terminated for an incomplete 补正; decide MATERIALS_INCOMPLETE first");
        }
        if (from != CaseState.UNDER_REVIEW && from != CaseState.SUPPLEMENTED) {
            throw new DecisionRefusedException("办件 " + c.sblsh() + " 处于 " + from + "，补正尚未到达，不能终止办理"
                    + "（补正期限届满由网关终止）", "case " + c.sblsh() + " is " + from + ": its 补正 has not arrived, so "
                    + "it cannot be terminated by decision (the gateway terminates it when the window ends) ("
                    + from + " -> TERMINATED)");
        }
        String reason = d.reason() != null ? d.reason() : outcomes.terminationReason(c.caseId());
        String clause = d.clause() != null ? d.clause() : CaseOutcomes.TERMINATION_CLAUSE;
        workflow.move(c.caseId(), from, CaseState.TERMINATED, "terminated", ACTOR,
                reason + "（" + clause + "），终止本次办理 / still incomplete after the 补正: terminated", ref);
        clocks.stopAll(c.caseId(), "终止办理 / terminated");
        outcomes.terminated(c, on, d.decidedAt(), reason, clause);
    }

    private void filed(SkillsDecision d, AcceptedCase c, CaseState from, LocalDate on, OffsetDateTime now, String ref)
            throws DecisionRefusedException, MinistryReportException {
        FilingCase form = filingCase(c);
        CaseType caseType = c.caseType();
        boolean inDirectory = true;   // the result is published in the directory, unless the institution is imported
        String caseId = c.caseId();
        if (caseType == CaseType.NEW_FILING) {
            CaseTransitions.check(from, CaseState.FILED);
            if (!evaluationPassed(caseId)) {
                throw new DecisionRefusedException("办件 " + c.sblsh() + " 没有合格的现场技术评估，不能准予备案（三(一)2(2)："
                        + "材料齐全且现场技术评估合格的，纳入备案管理）；请先报送 SITE_EVALUATION 决定", "case " + c.sblsh()
                        + " has no passed on-site technical evaluation (现场技术评估, 三(一)2(2)), so it cannot be FILED; "
                        + "post a SITE_EVALUATION decision first");
            }
            if (register.byNumber(d.filingNumber()).isPresent() || register.imported(d.filingNumber()).isPresent()) {
                throw new DecisionRefusedException("备案号 " + d.filingNumber() + " 已被其他机构使用",
                        "filing number " + d.filingNumber() + " is already registered to another institution");
            }
            workflow.move(caseId, from, CaseState.FILED, "filed", ACTOR, "准予备案，备案号 " + d.filingNumber()
                    + "，有效期 " + d.validFrom() + " 至 " + d.validTo() + " / filed", ref);
            String[] authority = authority(caseId, d.authority(), form.xzqhdm());
            register.filed(caseId, form, d.filingNumber(), d.validFrom(), d.validTo(), authority[0], authority[1],
                    on, now);
            reports.enqueue(new FilingEvent(caseId, FilingEvent.Kind.FILED, d.filingNumber(), on));
        } else if (caseType == CaseType.CHANGE || caseType == CaseType.CANCELLATION) {
            CaseTransitions.check(from, CaseState.FILED);
            boolean change = caseType == CaseType.CHANGE;
            InstitutionRegister.Entry entry = original(c, form);
            if (!entry.filingNumber().equals(d.filingNumber())) {
                throw new DecisionRefusedException("决定的备案号 " + d.filingNumber() + " 与办件所涉备案号 "
                        + entry.filingNumber() + " 不一致", "the decision names filing number " + d.filingNumber()
                        + " but the case is about " + entry.filingNumber());
            }
            if (!"FILED".equals(entry.status())) {
                throw new DecisionRefusedException("备案号 " + entry.filingNumber() + " 的机构状态为 " + entry.status()
                        + "，不能" + caseType.label(), "institution " + entry.filingNumber() + " is " + entry.status()
                        + "; it cannot be " + (change ? "changed" : "cancelled"));
            }
            if (entry.imported()) {
                importedFiled(c, form, entry, from, change, on, now, ref);
                inDirectory = false;
            } else {
                CaseState originalTo = change ? CaseState.CHANGED : CaseState.CANCELLED;
                CaseState originalFrom = workflow.state(entry.caseId());
                CaseTransitions.check(originalFrom, originalTo);
                workflow.move(caseId, from, CaseState.FILED, "filed", ACTOR, (change ? "准予变更备案" : "准予注销备案")
                        + "，备案号 " + entry.filingNumber() + " / " + (change ? "change" : "cancellation") + " filed",
                        ref);
                workflow.move(entry.caseId(), originalFrom, originalTo, change ? "changed" : "cancelled", ACTOR,
                        (change ? "变更备案 " : "注销备案 ") + c.sblsh() + " 已办结 / " + (change ? "change "
                                : "cancellation ") + c.sblsh() + " filed", ref);
                if (change) {
                    register.changed(entry.filingNumber(), caseId, form, on, now);
                } else {
                    register.cancelled(entry.filingNumber(), caseId, form.zxyy(), on, now);
                }
                reports.enqueue(new FilingEvent(caseId, change ? FilingEvent.Kind.CHANGED
                        : FilingEvent.Kind.CANCELLED, entry.filingNumber(), on));
            }
        } else {
            throw new IllegalStateException("unknown case type " + caseType);
        }
        clocks.stopAll(caseId, "准予备案 / filed");
        outcomes.filed(c, d.authority(), on, d.decidedAt(), d.filingNumber(), d.validFrom(), d.validTo(), inDirectory);
    }

    /**
     * A filed 变更/注销 of an institution filed before the gateway (imported): the import is its register, so the change
     * applies to it and the cancellation cancels it (it is not in the public directory, which shows the gateway's own
     * register only). The ministry is told as for any other institution when the gateway can say which institution it
     * is: a 变更 carries its 备案表, and a 注销 is reported with the institution of an earlier report about it; a 注销
     * of an institution the gateway never reported is noted in the case's history instead, as the gateway holds no
     * 备案表 of it to report.
     */
    private void importedFiled(AcceptedCase c, FilingCase form, InstitutionRegister.Entry entry, CaseState from,
                               boolean change, LocalDate on, OffsetDateTime now, String ref)
            throws MinistryReportException {
        String caseId = c.caseId();
        String number = entry.filingNumber();
        workflow.move(caseId, from, CaseState.FILED, "filed", ACTOR, (change ? "准予变更备案" : "准予注销备案")
                + "，备案号 " + number + "（网关启用前备案、已导入的机构） / " + (change ? "change" : "cancellation")
                + " of an imported institution filed", ref);
        if (change) {
            register.importedChanged(number, caseId, form, on, now);
        } else {
            register.importedCancelled(number, caseId, form.zxyy(), on, now);
        }
        if (change || form.bab() != null || reports.reported(number)) {
            reports.enqueue(new FilingEvent(caseId, change ? FilingEvent.Kind.CHANGED : FilingEvent.Kind.CANCELLED,
                    number, on));
        } else {
            workflow.note(caseId, "ministry-report-not-made", ACTOR, "备案号 " + number + " 的机构在网关启用前备案，网关"
                    + "没有其备案表，也未曾报送过它，注销情况未经网关报人社部，请由备案机关按原渠道报送 / institution "
                    + number + " was filed before the gateway, which holds no 备案表 of it and never reported it: the "
                    + "cancellation was not reported to the ministry by the gateway", ref);
        }
    }

    /**
     * The register entry a 变更/注销 is about: by its BAH, else by the case it references (GLSBLSH), else among the
     * institutions imported as filed before the gateway.
     */
    private InstitutionRegister.Entry original(AcceptedCase c, FilingCase form) throws DecisionRefusedException {
        Optional<InstitutionRegister.Entry> entry = form.bah() == null ? Optional.empty()
                : register.byNumber(form.bah());
        if (entry.isEmpty() && c.relatedSblsh() != null) {
            entry = workflow.caseIdOf(c.relatedSblsh()).flatMap(register::byCase);
        }
        if (entry.isEmpty() && form.bah() != null) {
            entry = register.imported(form.bah());
        }
        return entry.orElseThrow(() -> new DecisionRefusedException("未找到备案号 " + form.bah() + " 的备案机构",
                "no registered institution with filing number " + form.bah()));
    }

    private String[] authority(String caseId, String fallbackName, String fallbackArea) {
        return jdbc.sql("SELECT authority_name, authority_area FROM filing_case WHERE case_id = :id")
                .param("id", caseId)
                .query((rs, i) -> new String[] {rs.getString(1) != null ? rs.getString(1) : fallbackName,
                        rs.getString(2) != null ? rs.getString(2) : fallbackArea})
                .single();
    }

    private FilingCase filingCase(AcceptedCase c) {
        try {
            return json.readValue(c.payload(), FilingCase.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored payload of case " + c.sblsh() + " is unreadable", e);
        }
    }

    private Optional<Answer> known(SkillsDecision d, String bodySm3) {
        Optional<Stored> stored = jdbc.sql("""
                SELECT body_sm3, http_status, answer FROM skills_decision WHERE decision_id = :id""")
                .param("id", d.decisionId())
                .query((rs, i) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3))).optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().bodySm3().equals(bodySm3)) {
            return Optional.of(refuse(409, "decision-conflict", d.sblsh(), bodySm3,
                    "决定标识已用于另一内容 / decision id already used with another body", List.of(problem("decisionId",
                            "决定 " + d.decisionId() + " 已以不同内容提交过",
                            "decision " + d.decisionId() + " was already posted with a different body"))));
        }
        log.info("decision {} posted again; answered as stored", d.decisionId());
        return Optional.of(new Answer(stored.get().status(), tree(stored.get().answer()
                .getBytes(StandardCharsets.UTF_8))));
    }

    private void store(SkillsDecision d, String caseId, String bodySm3, String text, VerifiedSignature verified,
                       DetachedSignature signature, String outcome, Answer answer) {
        jdbc.sql("""
                INSERT INTO skills_decision (decision_id, sblsh, case_id, decision_kind, body_sm3, body, signature_cert,
                  signature, outcome, http_status, answer, received_at)
                VALUES (:id, :sblsh, :caseId, :kind, :sm3, :body, :cert, :signature, :outcome, :status, :answer, :now)""")
                .param("id", d.decisionId()).param("sblsh", d.sblsh()).param("caseId", caseId)
                .param("kind", d.kind().name()).param("sm3", bodySm3).param("body", text)
                .param("cert", verified.certificateSerial()).param("signature", signature.base64())
                .param("outcome", outcome).param("status", answer.status()).param("answer", answer.body().toString())
                .param("now", clocks.now()).update();
    }

    private Answer appliedAnswer(SkillsDecision d, CaseState state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisionId", d.decisionId());
        body.put("SBLSH", d.sblsh());
        body.put("outcome", "APPLIED");
        body.put("state", state.name());
        body.put("message", "决定已处理 / decision applied");
        return new Answer(200, json.valueToTree(body));
    }

    private Answer refusedAnswer(SkillsDecision d, int status, CaseState state, String zh, String en) {
        ProblemDetail problem = ProblemJson.of(status, "decision-refused", zh + " / " + en);
        problem.setProperty("decisionId", d.decisionId());
        problem.setProperty("SBLSH", d.sblsh());
        problem.setProperty("outcome", "REFUSED");
        if (state != null) {
            problem.setProperty("state", state.name());
        }
        problem.setProperty("messageZh", zh);
        problem.setProperty("messageEn", en);
        return new Answer(status, ProblemJson.tree(json, problem));
    }

    private Answer refuse(int status, String code, String sblsh, String bodySm3, String title,
                          List<Map<String, String>> errors) {
        jdbc.sql("""
                INSERT INTO intake_refusal (channel, app_id, sblsh, http_status, reason_code, violations, body_sm3,
                  refused_at)
                VALUES ('SKILLS', 'skills-system', :sblsh, :status, :code, :violations, :sm3, :now)""")
                .param("sblsh", sblsh == null || sblsh.length() > 64 ? null : sblsh).param("status", status)
                .param("code", code).param("violations", json.valueToTree(errors).toString()).param("sm3", bodySm3)
                .param("now", clocks.now()).update();
        return answerRefusal(status, code, title, errors);
    }

    private Answer answerRefusal(int status, String code, String title, List<Map<String, String>> errors) {
        log.warn("skills decision refused with {} ({}): {}{}", status, code, title,
                errors.isEmpty() ? "" : " — " + errors.get(0).get("field") + ": " + errors.get(0).get("messageEn"));
        ProblemDetail problem = ProblemJson.of(status, code, title);
        // every entry names its rule, as the window's violations do: its own, or the refusal's
        List<Map<String, String>> ruled = errors.stream().map(e -> {
            if (e.containsKey("rule")) {
                return e;
            }
            Map<String, String> r = new LinkedHashMap<>(e);
            r.put("rule", code);
            return r;
        }).toList();
        problem.setProperty("errors", ruled);
        return new Answer(status, ProblemJson.tree(json, problem));
    }

    private Map<String, String> problem(ValidationMessage m) {
        String field = m.getInstanceLocation() == null ? "$" : m.getInstanceLocation().toString();
        if (Rule.breaksSblshFormat(m.getType()) && "$.SBLSH".equals(field)) {
            Map<String, String> p = problem(field, Rule.SBLSH_FORMAT.zh(), Rule.SBLSH_FORMAT.en());
            p.put("rule", Rule.SBLSH_FORMAT.code());
            return p;
        }
        if (m.getProperty() != null && "required".equals(m.getType())) {
            field = field + "." + m.getProperty();
        }
        return problem(field, "不符合接口约定：" + m.getMessage(), m.getMessage());
    }

    private static Map<String, String> problem(String field, String zh, String en) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("field", field);
        p.put("messageZh", zh);
        p.put("messageEn", en);
        return p;
    }

    /**
     * The body as the contract has it, UTF-8 JSON, else null. Parsed from its strict UTF-8 text, not from the bytes:
     * Jackson would detect UTF-16 or UTF-32 from the bytes too, and such a decision, verified over its bytes, would be
     * stored as damaged text.
     */
    private JsonNode tree(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
            // a UTF-8 byte-order mark is still UTF-8, as reading the bytes took it before
            JsonNode node = json.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
