package cn.gov.sc.rst.filingbridge.cases;

import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plain JDBC over the case tables ({@code filing_case}, {@code case_event}, {@code outbox}). Callers own the transaction. */
@Repository
public class CaseStore {


    private final JdbcClient jdbc;
    private final OutboxTrace trace;

    public CaseStore(JdbcClient jdbc, OutboxTrace trace) {
        this.jdbc = jdbc;
        this.trace = trace;
    }

    /** A stored case as intake reads it; {@code appId} is the platform app that submitted it, its owner. */
    public record StoredCase(String caseId, String sblsh, CaseType caseType, CaseState state, String contentSm3,
                      OffsetDateTime receivedAt, String missingMaterials, String receipt, String appId) {

        public boolean ownedBy(String app) {
            return appId.equals(app);
        }
    }

    public record NewCase(String caseId, String sblsh, CaseType caseType, String relatedSblsh, CaseState state, Channel channel,
                   String appId, String contentSm3, String applicantName, String creditCode, String areaCode,
                   OffsetDateTime receivedAt, String payload, String missingMaterials, String receipt) {
    }

    public record NewEvent(String caseId, int seq, String type, CaseState fromState, CaseState toState, String actor,
                    String reason, String messageRef, OffsetDateTime at) {
    }

    /** One recorded event of a case's history. */
    public record Event(int seq, String type, String fromState, String toState, String actor, String reason,
                        OffsetDateTime at) {
    }

    public void insertCase(NewCase c) {
        jdbc.sql("""
                INSERT INTO filing_case (case_id, sblsh, case_type, related_sblsh, state, channel, app_id, content_sm3,
                  applicant_name, credit_code, area_code, received_at, payload, missing_materials, receipt, version)
                VALUES (:caseId, :sblsh, :caseType, :related, :state, :channel, :appId, :sm3, :name, :creditCode, :area,
                  :receivedAt, :payload, :missing, :receipt, 1)""")
                .param("caseId", c.caseId()).param("sblsh", c.sblsh()).param("caseType", c.caseType().label())
                .param("related", c.relatedSblsh()).param("state", c.state().name()).param("channel", c.channel().name())
                .param("appId", c.appId()).param("sm3", c.contentSm3()).param("name", c.applicantName())
                .param("creditCode", c.creditCode()).param("area", c.areaCode()).param("receivedAt", c.receivedAt())
                .param("payload", c.payload()).param("missing", c.missingMaterials()).param("receipt", c.receipt())
                .update();
    }

    public void insertEvent(NewEvent e) {
        jdbc.sql("""
                INSERT INTO case_event (case_id, seq, event_type, from_state, to_state, actor, reason, message_ref, occurred_at)
                VALUES (:caseId, :seq, :type, :from, :to, :actor, :reason, :ref, :at)""")
                .param("caseId", e.caseId()).param("seq", e.seq()).param("type", e.type()).param("from", name(e.fromState()))
                .param("to", e.toState().name()).param("actor", e.actor()).param("reason", e.reason())
                .param("ref", e.messageRef()).param("at", e.at())
                .update();
    }

    /**
     * Stores {@code e} as the case's next event, whatever {@code e.seq()} says: its sequence number is one more than
     * the highest stored, counted in the same statement (no separate read, one round trip less). The caller holds the
     * case row in its transaction (a guarded update of it, or a {@code FOR UPDATE} read), so no other writer of the
     * case numbers an event at the same time; the subquery runs after that lock is taken, so it sees every event
     * committed before.
     */
    public void appendEvent(NewEvent e) {
        jdbc.sql("""
                INSERT INTO case_event (case_id, seq, event_type, from_state, to_state, actor, reason, message_ref, occurred_at)
                VALUES (:caseId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_event WHERE case_id = :caseId), :type, :from,
                  :to, :actor, :reason, :ref, :at)""")
                .param("caseId", e.caseId()).param("type", e.type()).param("from", name(e.fromState()))
                .param("to", e.toState().name()).param("actor", e.actor()).param("reason", e.reason())
                .param("ref", e.messageRef()).param("at", e.at())
                .update();
    }

    /** Stores an outbox entry; its payload carries the current span's traceparent ({@link OutboxTrace}). */
    public void insertOutbox(String caseId, String destination, String dedupId, String payload, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO outbox (case_id, destination, dedup_id, payload, created_at)
                VALUES (:caseId, :destination, :dedupId, :payload, :at)""")
                .param("caseId", caseId).param("destination", destination).param("dedupId", dedupId)
                .param("payload", trace.stamp(payload)).param("at", at)
                .update();
    }

    private static final String BY_SBLSH = """
            SELECT case_id, sblsh, case_type, state, content_sm3, received_at, missing_materials, receipt, app_id
            FROM filing_case WHERE sblsh = :sblsh""";

    public Optional<StoredCase> findBySblsh(String sblsh) {
        return jdbc.sql(BY_SBLSH).param("sblsh", sblsh).query(CaseStore::storedCase).optional();
    }

    /**
     * The case's row, locked until the caller's transaction ends ({@code FOR UPDATE}): whoever moves the case (a 补正
     * arriving, the sweep terminating it) takes this lock first, so the two cannot pass each other.
     */
    public Optional<StoredCase> lockBySblsh(String sblsh) {
        return jdbc.sql(BY_SBLSH + " FOR UPDATE").param("sblsh", sblsh).query(CaseStore::storedCase).optional();
    }

    /** When the case last entered {@code state}, from its history, in Sichuan time (its date is the business date). */
    public Optional<OffsetDateTime> enteredState(String caseId, CaseState state) {
        return jdbc.sql("""
                SELECT occurred_at FROM case_event WHERE case_id = :caseId AND to_state = :state
                  AND (from_state IS NULL OR from_state <> to_state)
                ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY""")
                .param("caseId", caseId).param("state", state.name())
                .query((rs, i) -> sichuanTime(rs, "occurred_at")).optional();
    }

    public List<Event> history(String caseId) {
        return jdbc.sql("""
                SELECT seq, event_type, from_state, to_state, actor, reason, occurred_at
                FROM case_event WHERE case_id = :caseId ORDER BY seq""")
                .param("caseId", caseId)
                .query((rs, i) -> new Event(rs.getInt("seq"), rs.getString("event_type"),
                        rs.getString("from_state"), rs.getString("to_state"), rs.getString("actor"),
                        rs.getString("reason"), sichuanTime(rs, "occurred_at")))
                .list();
    }

    /**
     * A TIMESTAMP WITH TIME ZONE as Sichuan time. H2 keeps the offset a value was written with; PostgreSQL keeps only
     * the instant and its driver answers in UTC. Normalising on read gives the same value on both databases.
     */
    private static OffsetDateTime sichuanTime(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.atZoneSameInstant(ClockConfig.BUSINESS_ZONE).toOffsetDateTime();
    }

    private static StoredCase storedCase(ResultSet rs, int row) throws SQLException {
        return new StoredCase(rs.getString("case_id"), rs.getString("sblsh"), CaseType.fromLabel(rs.getString("case_type")),
                CaseState.valueOf(rs.getString("state")), rs.getString("content_sm3"), sichuanTime(rs, "received_at"),
                rs.getString("missing_materials"), rs.getString("receipt"), rs.getString("app_id"));
    }

    private static String name(CaseState state) {
        return state == null ? null : state.name();
    }
}
