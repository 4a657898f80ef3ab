package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.forwarding.Deliveries;
import cn.gov.sc.rst.filingbridge.forwarding.DeliveryTarget;
import cn.gov.sc.rst.filingbridge.cases.AcceptedCase;
import cn.gov.sc.rst.filingbridge.cases.CaseJournal;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an accepted case into its skills-system record: decides the authority, prepares the mapping's input, and
 * stores the produced record with its delivery in one transaction, or parks the case as "mapping failed" with the
 * field, value and rule. Idempotent on the case: a redelivered event for a mapped case does nothing.
 */
@Component("skillsRecords")
public class SkillsRecords {

    private static final Logger log = LoggerFactory.getLogger(SkillsRecords.class);

    private final CaseJournal journal;
    private final Deliveries deliveries;
    private final CaseAuthorities authorities;
    private final SkillsRecordContract contract;
    private final CodeTables codeTables;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final String acceptedQueue;

    SkillsRecords(CaseJournal journal, Deliveries deliveries, CaseAuthorities authorities, SkillsRecordContract contract,
                  CodeTables codeTables, JdbcClient jdbc, TransactionTemplate tx,
                  ObjectMapper json, Clock clock, BridgeProperties properties) {
        this.journal = journal;
        this.deliveries = deliveries;
        this.authorities = authorities;
        this.contract = contract;
        this.codeTables = codeTables;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.acceptedQueue = properties.queues().accepted();
    }

    /**
     * One mapping to run: which case, which mapping folder, the mapping's input, and the competent authority decided
     * for it, stored with the record (or with the parked case) in the stage's one transaction.
     */
    public record MappingJob(String caseId, String slug, JsonNode input, Authority authority) {
    }

    /** An open mapping failure as operators see it. */
    public record MappingFailure(long failureId, String caseId, String sblsh, String field, String value, String rule,
                                 OffsetDateTime failedAt) {
    }

    /** The job for a case-received event, or null when the case already has its record or waits for a fix. */
    public MappingJob prepare(String eventJson) throws JsonProcessingException {
        String caseId = json.readTree(eventJson).get("caseId").asText();
        AcceptedCase c = journal.accepted(caseId)
                .orElseThrow(() -> new IllegalStateException("event for unknown case " + caseId));
        try (CaseLogContext ignored = CaseLogContext.sblsh(c.sblsh())) {
            Done done = done(caseId);
            int existing = done.records();
            if (existing > 0 || done.openFailures() > 0) {
                log.info("case already mapped or parked; event ignored");
                return null;
            }
            JsonNode payload = json.readTree(c.payload());
            Authority authority;
            try {
                authority = authorities.of(c.caseType(), c.relatedSblsh(), payload);
            } catch (Jurisdiction.UnknownFilingNumberException e) {
                // intake refuses an unknown BAH; one that reaches here (a case stored before that check) is parked,
                // never sent to the province by default
                park(caseId, null, List.of(new MappingProblem("BAH", payload.path("BAH").asText(null),
                        "unknown-filing-number: 备案号不在备案机构名册中，无法确定原备案机关 / the filing number is not in "
                                + "the institution register, so the original authority is unknown")));
                return null;
            }
            SkillsRecordContract.Context context = new SkillsRecordContract.Context(caseId, existing + 1,
                    c.receivedAt(), authority, c.missingMaterialCodes());
            return new MappingJob(caseId, SkillsRecordContract.slug(c.caseType()), contract.input(payload, context),
                    authority);
        }
    }

    /**
     * Stores the case's authority, the produced record, its delivery, the case event and the outbox entry in one
     * transaction, or parks the case when the record breaks the contract.
     */
    public void accept(MappingJob job, JsonNode record) throws JsonProcessingException {
        String caseId = job.caseId();
        List<MappingProblem> problems = contract.check(record);
        if (!problems.isEmpty()) {
            park(caseId, job.authority(), problems);
            return;
        }
        int version = record.get("recordVersion").asInt();
        String key = caseId + ":" + version;
        String payload = json.writeValueAsString(record);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String reason = record.at("/authority/name").asText() + "：" + record.at("/authority/reason").asText();
        deliveries.queue(new Deliveries.NewRecord(DeliveryTarget.SKILLS, caseId, version, key, "key", payload, now),
                recordId -> {
                    decided(caseId, job.authority());
                    journal.event(caseId, "mapped", null, "gateway:mapping", reason, "skills-record/v1 " + key);
                });
        log.info("case mapped to skills-record/v1 version {}", version);
    }

    /**
     * A mapping stopped on its own (a value missing from a code table) or failed otherwise; {@code job} gives the case
     * and the authority decided, stored with the parked case. Without a job (the failure came before it was prepared)
     * there is no case to park: the caller's error handling retries or dead-letters the event.
     */
    public void mappingFailed(MappingJob job, String message) {
        if (job == null) {
            throw new IllegalStateException("mapping failed before its case was known: " + message);
        }
        String caseId = job.caseId();
        MappingProblem problem = SkillsRecordContract.unmapped(message)
                .orElse(new MappingProblem("$", null, "mapping error: " + message));
        park(caseId, job.authority(), List.of(problem));
    }

    /**
     * The case's accepted event is dead-lettered (its mapping failed in a way no retry mends): the case is parked with
     * the reason, unless it is mapped or parked already, so that it shows among the mapping failures and a replay of
     * them maps it again. Never throws: the dead letter is sent whatever happens here.
     */
    public void deadLettered(String caseId, String reason) {
        if (caseId == null || caseId.isBlank()) {
            return;
        }
        try (CaseLogContext ignored = CaseLogContext.sblsh(journal.accepted(caseId).map(AcceptedCase::sblsh).orElse(null))) {
            Done done = done(caseId);
            if (done.records() > 0 || done.openFailures() > 0) {
                return;
            }
            park(caseId, null, List.of(new MappingProblem("$", null, "dead-lettered: " + (reason == null ? "" : reason))));
        } catch (RuntimeException e) {
            log.error("case {} dead-lettered but could not be parked: {}", caseId, e.toString());
        }
    }

    /** The competent authority decided for the case, in the caller's transaction. */
    private void decided(String caseId, Authority authority) {
        if (authority == null) {
            return;
        }
        journal.assignAuthority(caseId, authority.tier().name(), authority.areaCode(), authority.name(),
                authority.reason());
    }

    private void park(String caseId, Authority authority, List<MappingProblem> found) {
        List<MappingProblem> problems = found.stream()
                .map(p -> new MappingProblem(fit(p.field()), fit(p.value()), fit(p.rule()))).toList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(s -> {
            decided(caseId, authority);
            for (MappingProblem p : problems) {
                jdbc.sql("""
                        INSERT INTO mapping_failure (case_id, field_path, found_value, rule_broken, failed_at)
                        VALUES (:caseId, :field, :value, :rule, :now)""")
                        .param("caseId", caseId).param("field", p.field()).param("value", p.value())
                        .param("rule", p.rule()).param("now", now).update();
            }
            journal.event(caseId, "mapping-failed", null, "gateway:mapping",
                    String.join("; ", problems.stream().map(p -> p.field() + " [" + p.value() + "] " + p.rule()).toList()),
                    null);
        });
        log.warn("case parked: mapping failed with {} problem(s)", problems.size());
    }

    /** Within mapping_failure's columns (300 characters): an exception's message can be any length. */
    private static String fit(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    public List<MappingFailure> openFailures() {
        return jdbc.sql("""
                SELECT f.failure_id, f.case_id, c.sblsh, f.field_path, f.found_value, f.rule_broken, f.failed_at
                FROM mapping_failure f JOIN filing_case c ON c.case_id = f.case_id
                WHERE f.resolved_at IS NULL ORDER BY f.failure_id""")
                .query((rs, i) -> new MappingFailure(rs.getLong("failure_id"), rs.getString("case_id"),
                        rs.getString("sblsh"), rs.getString("field_path"), rs.getString("found_value"), rs.getString("rule_broken"),
                        rs.getObject("failed_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * Replays parked cases (one, or all): the code tables are read again first (a table fixed in
     * {@code bridge.mapping.code-tables-dir} is used), then their failures are closed and their case-received event
     * sent again. Tables that cannot be read refuse the replay ({@link CodeTablesRefusedException}).
     */
    public int replay(Optional<String> onlyCaseId, String operator) {
        try {
            codeTables.reload();
        } catch (java.io.IOException e) {
            throw new CodeTablesRefusedException(e.getMessage(), e);
        }
        List<String> caseIds = openFailures().stream().map(MappingFailure::caseId).distinct()
                .filter(id -> onlyCaseId.map(id::equals).orElse(true)).toList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (String caseId : caseIds) {
            tx.executeWithoutResult(s -> {
                int attempt = jdbc.sql("SELECT COUNT(*) FROM mapping_failure WHERE case_id = :caseId")
                        .param("caseId", caseId).query(Integer.class).single();
                jdbc.sql("UPDATE mapping_failure SET resolved_at = :now WHERE case_id = :caseId AND resolved_at IS NULL")
                        .param("now", now).param("caseId", caseId).update();
                journal.event(caseId, "mapping-replayed", null, "operator:" + operator, "重新映射 / mapping replayed", null);
                journal.enqueue(caseId, acceptedQueue, caseId + ":remap:" + attempt,
                        Map.of("caseId", caseId, "event", "mapping-replayed"));
            });
        }
        return caseIds.size();
    }

    /** How many skills records a case has, and how many of its mapping failures are open. */
    private record Done(int records, int openFailures) {
    }

    /** What the case's mapping has left so far: its skills records and open mapping failures, in one read. */
    private Done done(String caseId) {
        return jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM outbound_record WHERE case_id = :caseId AND target = :target),
                  (SELECT COUNT(*) FROM mapping_failure WHERE case_id = :caseId AND resolved_at IS NULL)""")
                .param("caseId", caseId).param("target", DeliveryTarget.SKILLS.name())
                .query((rs, i) -> new Done(rs.getInt(1), rs.getInt(2))).single();
    }
}
