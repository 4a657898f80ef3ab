package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.cases.CaseStore;
import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseReceived;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The entry point of intake: both window edges (REST and SOAP) hand cases here. */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);
    static final String EVENT_RECEIVED = "case-received";

    private final CaseValidator validator;
    private final MaterialChecklist checklist;
    private final CaseStore store;
    private final CaseJournal journal;
    private final RefusalStore refusals;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final String acceptedQueue;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<CaseClocks> clocks;
    private final FilingRegister originals;
    private final NonceStore nonces;
    private final IntakeMetrics metrics;

    IntakeService(CaseValidator validator, MaterialChecklist checklist, CaseStore store, CaseJournal journal, RefusalStore refusals,
                  TransactionTemplate tx,
                  ObjectMapper json, Clock clock, BridgeProperties properties,
                  ApplicationEventPublisher events, ObjectProvider<CaseClocks> clocks, FilingRegister originals,
                  NonceStore nonces, IntakeMetrics metrics) {
        this.metrics = metrics;
        this.originals = originals;
        this.nonces = nonces;
        this.validator = validator;
        this.checklist = checklist;
        this.store = store;
        this.journal = journal;
        this.refusals = refusals;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.acceptedQueue = properties.queues().accepted();
        this.events = events;
        this.clocks = clocks;
    }

    /**
     * Validates and stores a case. Returns the receipt only after case, first event and outbox entry are committed.
     * The same SBLSH with the same content returns the stored receipt.
     */
    public Receipt submit(FilingCase filingCase, Submission submission)
            throws CaseRejectedException, CaseConflictException {
        try (CaseLogContext ignored = CaseLogContext.sblsh(String.valueOf(filingCase.sblsh()))) {
            List<Violation> violations = new ArrayList<>(validator.validate(filingCase));
            if (isSupplement(filingCase)) {
                violations.addAll(relatedCaseViolations(
                        store.findBySblsh(filingCase.glsblsh()).filter(c -> c.ownedBy(submission.appId()))));
            }
            violations.addAll(filingNumberViolations(filingCase));
            if (!violations.isEmpty()) {
                throw refused(filingCase, submission, violations);
            }
            String payload = write(filingCase);
            String contentSm3 = Sm3.hex(payload.getBytes(StandardCharsets.UTF_8));
            Optional<Receipt> known = knownReceipt(filingCase.sblsh(), contentSm3, submission);
            if (known.isPresent()) {
                // a repeat is answered with the stored receipt, but its nonce is still spent once: a copy of the very
                // request that made the case, which passed the guard's check before that case committed, is a replay
                if (submission.nonce() != null) {
                    tx.executeWithoutResult(s -> nonces.claimWithin(submission.nonce()));
                    submission.nonce().claimed();
                }
                return known.get();
            }
            try {
                Receipt receipt = tx.execute(status -> {
                    if (submission.nonce() != null) {
                        // the window nonce, case, first event, outbox entry and clock commit together: one per case
                        nonces.claimWithin(submission.nonce());
                    }
                    if (isSupplement(filingCase)) {
                        // the related case again, locked: the sweep may have terminated it since the check above
                        Optional<CaseStore.StoredCase> parent = store.lockBySblsh(filingCase.glsblsh())
                                .filter(c -> c.ownedBy(submission.appId()));
                        List<Violation> late = new ArrayList<>(relatedCaseViolations(parent));
                        if (late.isEmpty()) {
                            late.addAll(afterDeadline(parent.orElseThrow()));
                        }
                        if (!late.isEmpty()) {
                            throw new RelatedCaseMoved(late);
                        }
                    }
                    return store(filingCase, submission, payload, contentSm3);
                });
                if (submission.nonce() != null) {
                    submission.nonce().claimed();
                }
                log.info("case received on {} from app {}", submission.channel(), submission.appId());
                metrics.accepted(submission.channel());
                return receipt;
            } catch (RelatedCaseMoved moved) {
                throw refused(filingCase, submission, moved.violations);
            } catch (DuplicateKeyException raced) {
                return knownReceipt(filingCase.sblsh(), contentSm3, submission)
                        .orElseThrow(() -> raced);
            }
        }
    }

    private static boolean isSupplement(FilingCase filingCase) {
        return CaseType.parse(filingCase.ywlx()).orElse(null) == CaseType.SUPPLEMENT && filingCase.glsblsh() != null;
    }

    /**
     * A 变更 or 注销 goes to the authority that filed the institution (四(二), 四(三)), found by its BAH: a well-formed BAH
     * that neither the register nor the imported institutions know is refused, never sent to the province by default.
     */
    private List<Violation> filingNumberViolations(FilingCase c) {
        CaseType type = CaseType.parse(c.ywlx()).orElse(null);
        boolean changeOrCancellation = type == CaseType.CHANGE || type == CaseType.CANCELLATION;
        if (!changeOrCancellation || !CheckCodes.isFilingNumber(c.bah())) {
            return List.of();
        }
        Optional<FilingRegister.Registered> registered = originals.registered(c.bah());
        if (registered.isEmpty()) {
            return List.of(Violation.of("BAH", Rule.UNKNOWN_FILING_NUMBER, "备案号 " + c.bah() + " 未登记",
                    "filing number " + c.bah() + " is not registered"));
        }
        FilingRegister.Registered r = registered.get();
        if (!r.inForce()) {
            boolean revoked = "REVOKED".equals(r.status());
            return List.of(Violation.of("BAH", Rule.FILING_NUMBER_NOT_IN_FORCE, "备案号 " + c.bah() + " 的机构已于 "
                    + r.since() + (revoked ? " 被取消备案" : " 注销"), "the institution of filing number " + c.bah()
                    + (revoked ? " had its filing revoked on " : " was cancelled on ") + r.since()));
        }
        return undeclaredChanges(c, r);
    }

    /**
     * A 变更 changes what its BGSX declares, and its 备案表 gives the rest as registered: an undeclared difference from the
     * gateway's register (e.g. levels added under a 负责人 change) would reach the skills system and the ministry without
     * the tier a change of levels goes by (四(一)). Checked against what is registered: everything for the gateway's
     * own register, the name and (once known) the director for an imported institution. Also: a 变更 or 注销 comes
     * from the unit the institution was filed for.
     */
    private List<Violation> undeclaredChanges(FilingCase c, FilingRegister.Registered r) {
        List<Violation> out = new ArrayList<>();
        // a 变更 or 注销 is applied for by the unit the institution was filed for (its credit code, 四(二)、四(三))
        if (r.creditCode() != null && c.sqrzjhm() != null && !c.sqrzjhm().strip().equalsIgnoreCase(r.creditCode())) {
            out.add(Violation.of("SQRZJHM", Rule.NOT_THE_INSTITUTION, "备案号 " + c.bah() + " 的机构登记的统一社会信用代码与"
                    + "申请人的不同", "the institution of filing number " + c.bah() + " is registered under another "
                    + "credit code than the applicant's"));
        }
        if (c.caseType() != CaseType.CHANGE || c.bab() == null) {
            return out;
        }
        FilingCase.Institution i = c.bab().institution();
        if (i != null && !c.declares(FilingCase.NAME) && differs(i.name(), r.name())) {
            out.add(undeclared("BAB.institution.name", FilingCase.NAME, "机构名称"));
        }
        if (i != null && !c.declares(FilingCase.DIRECTOR) && differs(i.directorName(), r.directorName())) {
            out.add(undeclared("BAB.institution.directorName", FilingCase.DIRECTOR, "负责人"));
        }
        if (i != null && !c.declares(FilingCase.SITES) && differs(i.address(), r.address())) {
            out.add(undeclared("BAB.institution.address", FilingCase.SITES, "地址"));
        }
        if (!c.declaresOccupations() && r.levels() != null && c.bab().occupations() != null
                && !c.bab().occupations().isEmpty()) {
            java.util.Map<String, java.util.Set<Integer>> given = new java.util.TreeMap<>();
            for (FilingCase.Occupation o : c.bab().occupations()) {
                if (o != null) {
                    given.put(o.code(), new java.util.TreeSet<>(o.levels() == null ? List.of() : o.levels()));
                }
            }
            if (!given.equals(r.levels())) {
                out.add(undeclared("BAB.occupations", "鉴定职业、鉴定等级或鉴定范围", "鉴定职业（工种）及等级"));
            }
        }
        return out;
    }

    private static boolean differs(String given, String registered) {
        return given != null && !given.isBlank() && registered != null && !given.strip().equals(registered.strip());
    }

    private static Violation undeclared(String field, String item, String what) {
        return Violation.of(field, Rule.UNDECLARED_CHANGE, "备案表的" + what + "与备案登记不一致，变更事项未申报“" + item
                + "”", "the form's " + field + " differs from the register, but the change does not declare " + item);
    }

    /**
     * A 补正 must reference an open case of the same app (another app's case is answered as if unknown); one terminated
     * for want of materials is named with its date.
     */
    private List<Violation> relatedCaseViolations(Optional<CaseStore.StoredCase> parent) {
        if (parent.isPresent() && parent.get().state() == CaseState.TERMINATED) {
            String on = store.enteredState(parent.get().caseId(), CaseState.TERMINATED)
                    .map(t -> t.toLocalDate().toString()).orElse("?");
            return List.of(Violation.of("GLSBLSH", Rule.SUPPLEMENT_AFTER_TERMINATION,
                    "该办件已于 " + on + " 终止办理", "the case was terminated on " + on));
        }
        boolean open = parent.map(s -> s.state().isOpen()).orElse(false);
        return open ? List.of() : List.of(Violation.of("GLSBLSH", Rule.RELATED_CASE));
    }

    /**
     * 三(一)2(2): a 补正 after the last day of its window (Sichuan time, the business clock) is refused, whether or not the sweep has
     * terminated the case yet. Checked with the related case locked, so it and the sweep see the same clock. A window
     * counted through a year without a loaded calendar is provisional: the 补正 is taken (the case is not ended on a
     * guessed date either).
     */
    private List<Violation> afterDeadline(CaseStore.StoredCase parent) {
        return clocks.stream().flatMap(c -> c.of(parent.caseId()).stream())
                .filter(c -> "SUPPLEMENT".equals(c.kind()) && c.stoppedAt() == null && c.overdue()
                        && !c.provisional())
                .findFirst()
                .map(c -> List.of(Violation.of("GLSBLSH", Rule.SUPPLEMENT_AFTER_DEADLINE,
                        "补正期限（" + c.workingDays() + " 个工作日）已于 " + c.dueDate() + " 届满",
                        "the " + c.workingDays() + "-working-day supplement window ended on " + c.dueDate())))
                .orElse(List.of());
    }

    /** Records the refusal (its own transaction) and returns the exception the window answers 400 with. */
    private CaseRejectedException refused(FilingCase filingCase, Submission submission, List<Violation> violations) {
        recordRefusal(new Refusal(submission.channel(), submission.appId(), filingCase.sblsh(), 400,
                "invalid-case", violations, submission.bodySm3()));
        log.info("case refused with {} violation(s) on {}", violations.size(), submission.channel());
        return new CaseRejectedException(violations);
    }

    /** Rolls back the intake transaction when the related case moved between the first check and its lock. */
    private static final class RelatedCaseMoved extends RuntimeException {
        private final transient List<Violation> violations;

        RelatedCaseMoved(List<Violation> violations) {
            super(null, null, false, false);
            this.violations = violations;
        }
    }

    private Optional<Receipt> knownReceipt(String sblsh, String contentSm3, Submission submission)
            throws CaseConflictException {
        Optional<CaseStore.StoredCase> stored = store.findBySblsh(sblsh);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // another app's case under this SBLSH is a conflict whatever its content: its receipt is not this app's to read
        if (!stored.get().contentSm3().equals(contentSm3) || !stored.get().ownedBy(submission.appId())) {
            CaseConflictException conflict = new CaseConflictException(sblsh, stored.get().ownedBy(submission.appId()));
            recordRefusal(new Refusal(submission.channel(), submission.appId(), sblsh, 409, "conflict",
                    List.of(new Violation("SBLSH", "conflict", conflict.messageZh(), conflict.messageEn())),
                    submission.bodySm3()));
            throw conflict;
        }
        log.info("repeated submission of a received case answered with its receipt");
        return Optional.of(read(stored.get().receipt(), Receipt.class));
    }

    private Receipt store(FilingCase c, Submission submission, String payload, String contentSm3) {
        String caseId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        List<Receipt.MissingMaterial> missing = checklist.missing(c);
        Receipt receipt = new Receipt(c.sblsh(), caseId, now, CaseState.RECEIVED.name(), missing);
        CaseStore.NewCase stored = new CaseStore.NewCase(caseId, c.sblsh(), c.caseType(), c.glsblsh(),
                CaseState.RECEIVED, submission.channel(), submission.appId(), contentSm3, c.sqrmc(), c.sqrzjhm(),
                c.xzqhdm(), now, payload, write(missing), write(receipt));
        String reason = missing.isEmpty() ? "材料清单齐全 / checklist complete"
                : "缺少材料 / missing: " + String.join(",", missing.stream().map(Receipt.MissingMaterial::code).toList());
        journal.open(stored, EVENT_RECEIVED, "platform:" + submission.appId(), reason,
                submission.channel() + ":" + submission.bodySm3(), acceptedQueue, caseId + ":" + EVENT_RECEIVED,
                write(Map.of("caseId", caseId, "SBLSH", c.sblsh(), "YWLX", c.ywlx(), "event", EVENT_RECEIVED,
                        "occurredAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now))));
        events.publishEvent(new CaseReceived(caseId, c.sblsh(), c.caseType(), c.glsblsh(), now));
        return receipt;
    }

    /**
     * The case's state and history, if the SBLSH is known, whichever app submitted it. Not for the window, whose callers
     * read only their own cases ({@link #find(String, String)}).
     */
    public Optional<CaseView> find(String sblsh) {
        return store.findBySblsh(sblsh).map(this::view);
    }

    /**
     * The case's state and history if the SBLSH is known and {@code appId} submitted it: an app reads only its own
     * cases, and another app's case is indistinguishable from an unknown one.
     */
    public Optional<CaseView> find(String sblsh, String appId) {
        return store.findBySblsh(sblsh).filter(s -> s.ownedBy(appId)).map(this::view);
    }

    private CaseView view(CaseStore.StoredCase s) {
        return new CaseView(s.sblsh(), s.caseId(), s.caseType().label(), s.state().name(),
                s.receivedAt(), read(s.missingMaterials(), new TypeReference<List<Receipt.MissingMaterial>>() {
                }), store.history(s.caseId()).stream().map(e -> new CaseView.Event(e.seq(), e.type(), e.fromState(),
                        e.toState(), e.actor(), e.reason(), e.at())).toList(),
                clocks.stream().flatMap(c -> c.of(s.caseId()).stream()).toList());
    }

    /** Records a request refused before it became a case (contract, encoding, size, authentication). */
    public void recordRefusal(Refusal refusal) {
        refusals.insertRefusal(refusal, write(refusal.violations()), OffsetDateTime.now(clock));
        metrics.refused(refusal);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value is unreadable", e);
        }
    }
}
