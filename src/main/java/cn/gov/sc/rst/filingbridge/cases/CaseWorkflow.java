package cn.gov.sc.rst.filingbridge.cases;

import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The only writer of a case's state. Every move is checked against {@link CaseTransitions} and made with a guarded
 * update ({@code … WHERE state = :from}), so of two writers racing for the same case exactly one moves it; the other gets
 * a {@link TransitionRefusedException}. Each move is an event in the case's history with actor, reason and the message
 * that caused it. Joins the caller's transaction.
 */
@Service
public class CaseWorkflow {

    private static final Logger log = LoggerFactory.getLogger(CaseWorkflow.class);

    private final CaseJournal journal;
    private final JdbcClient jdbc;

    CaseWorkflow(CaseJournal journal, JdbcClient jdbc) {
        this.journal = journal;
        this.jdbc = jdbc;
    }

    /** Moves the case from its current state to {@code to}, or refuses naming both states. */
    public void move(String caseId, CaseState to, String type, String actor, String reason, String messageRef) {
        move(caseId, state(caseId), to, type, actor, reason, messageRef);
    }

    /** Moves the case from {@code from} to {@code to}; refused when not allowed or when the case is no longer in from. */
    public void move(String caseId, CaseState from, CaseState to, String type, String actor, String reason,
                     String messageRef) {
        CaseTransitions.check(from, to);
        if (!journal.transition(caseId, from, to, type, actor, reason, messageRef)) {
            throw new TransitionRefusedException(from, state(caseId), to);
        }
        log.info("case {} {} -> {} ({}) by {}", caseId, from, to, type, actor);
    }

    /** Records an event that leaves the state as it is. */
    public void note(String caseId, String type, String actor, String reason, String messageRef) {
        journal.event(caseId, type, null, actor, reason, messageRef);
    }

    public CaseState state(String caseId) {
        return CaseState.valueOf(jdbc.sql("SELECT state FROM filing_case WHERE case_id = :id").param("id", caseId)
                .query(String.class).single());
    }

    /**
     * The case's state, its row locked until the caller's transaction ends: taken first by every move that races a 补正
     * (the intake of a 补正 locks its related case the same way), so they queue instead of refusing each other.
     */
    public CaseState lock(String caseId) {
        return CaseState.valueOf(jdbc.sql("SELECT state FROM filing_case WHERE case_id = :id FOR UPDATE")
                .param("id", caseId).query(String.class).single());
    }

    public Optional<AcceptedCase> find(String caseId) {
        return journal.accepted(caseId);
    }

    public Optional<String> caseIdOf(String sblsh) {
        return jdbc.sql("SELECT case_id FROM filing_case WHERE sblsh = :sblsh").param("sblsh", sblsh)
                .query(String.class).optional();
    }
}
