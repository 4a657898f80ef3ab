package cn.gov.sc.rst.filingbridge.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How later stages read an accepted case and write to its history and to the outbox. Joins the caller's transaction,
 * so an event, a state change and an outbox entry commit together with the caller's own writes.
 */
@Component
public class CaseJournal {

    private final JdbcClient jdbc;
    private final CaseStore store;
    private final ObjectMapper json;
    private final Clock clock;

    CaseJournal(JdbcClient jdbc, CaseStore store, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    public Optional<AcceptedCase> accepted(String caseId) {
        return jdbc.sql("""
                SELECT case_id, sblsh, case_type, related_sblsh, state, payload, received_at, missing_materials
                FROM filing_case WHERE case_id = :caseId""")
                .param("caseId", caseId)
                .query((rs, i) -> new AcceptedCase(rs.getString("case_id"), rs.getString("sblsh"),
                        CaseType.fromLabel(rs.getString("case_type")), rs.getString("related_sblsh"),
                        CaseState.valueOf(rs.getString("state")),
                        rs.getString("payload"), rs.getObject("received_at", OffsetDateTime.class),
                        codes(rs.getString("missing_materials"))))
                .optional();
    }

    /**
     * Records an event; when {@code toState} is given the case moves there, otherwise it stays where it is. The case row
     * is locked first (FOR UPDATE) so that two writers of the same case (a skills delivery and a platform delivery,
     * say) number their events one after the other instead of colliding on the same sequence number; the number is
     * counted in the event's INSERT ({@link CaseStore#appendEvent}).
     */
    public void event(String caseId, String type, CaseState toState, String actor, String reason, String messageRef) {
        CaseState from = CaseState.valueOf(jdbc.sql("SELECT state FROM filing_case WHERE case_id = :caseId FOR UPDATE")
                .param("caseId", caseId).query(String.class).single());
        CaseState to = toState == null ? from : toState;
        store.appendEvent(new CaseStore.NewEvent(caseId, 0, type, from, to, actor, reason, messageRef, now()));
        if (to != from) {
            jdbc.sql("UPDATE filing_case SET state = :to, version = version + 1 WHERE case_id = :caseId")
                    .param("to", to.name()).param("caseId", caseId).update();
        }
    }

    /**
     * Moves the case from {@code from} to {@code to} only if it is still in {@code from} (a guarded update, so of two
     * racing writers exactly one wins) and records the event. Returns false, writing nothing, when the case was no
     * longer in {@code from}. The winner holds the case row until its transaction ends, so its event's sequence number
     * cannot be taken by a concurrent writer of the same case.
     */
    public boolean transition(String caseId, CaseState from, CaseState to, String type, String actor, String reason,
                              String messageRef) {
        int moved = jdbc.sql("""
                UPDATE filing_case SET state = :to, version = version + 1
                WHERE case_id = :caseId AND state = :from""")
                .param("to", to.name()).param("caseId", caseId).param("from", from.name()).update();
        if (moved == 0) {
            return false;
        }
        store.appendEvent(new CaseStore.NewEvent(caseId, 0, type, from, to, actor, reason, messageRef, now()));
        return true;
    }

    /**
     * Opens a case: stores it in {@link CaseState#RECEIVED} with its first event ({@code eventType}, sequence 1) and
     * the outbox entry that announces it to {@code destination}, all in the caller's transaction, so that the three
     * commit together or not at all.
     */
    public void open(CaseStore.NewCase c, String eventType, String actor, String reason, String messageRef,
                     String destination, String dedupId, String outboxPayload) {
        if (c.state() != CaseState.RECEIVED) {
            throw new IllegalArgumentException("a case opens in RECEIVED, not " + c.state());
        }
        store.insertCase(c);
        store.insertEvent(new CaseStore.NewEvent(c.caseId(), 1, eventType, null, CaseState.RECEIVED, actor, reason,
                messageRef, c.receivedAt()));
        store.insertOutbox(c.caseId(), destination, dedupId, outboxPayload, c.receivedAt());
    }

    /**
     * Records the authority the case goes to (its tier, area code, name and why), as the mapping stage determined it.
     * Joins the caller's transaction.
     */
    public void assignAuthority(String caseId, String tier, String areaCode, String name, String reason) {
        jdbc.sql("""
                UPDATE filing_case SET authority_tier = :tier, authority_area = :area, authority_name = :name,
                  authority_reason = :reason WHERE case_id = :caseId""")
                .param("tier", tier).param("area", areaCode).param("name", name).param("reason", reason)
                .param("caseId", caseId)
                .update();
    }

    public void enqueue(String caseId, String destination, String dedupId, Object payload) {
        try {
            store.insertOutbox(caseId, destination, dedupId, json.writeValueAsString(payload), now());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise outbox payload", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    private List<String> codes(String missingJson) {
        try {
            List<String> codes = new ArrayList<>();
            for (JsonNode m : json.readTree(missingJson)) {
                codes.add(m.get("code").asText());
            }
            return codes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored missing-materials list is unreadable", e);
        }
    }
}
