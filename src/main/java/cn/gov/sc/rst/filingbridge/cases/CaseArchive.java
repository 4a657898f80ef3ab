package cn.gov.sc.rst.filingbridge.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The archive job (issue 13, 通知 五(二)): case data, events, notices and operator actions are kept at least 3 years.
 * A closed case (a final {@link CaseState}) whose last event is older than {@code bridge.retention.case-age} (default
 * 3 years, never below: the application refuses to start) is exported with every row that references it to one
 * gzip JSON-lines file per run under {@code ${bridge.data-dir}/archive/}, written and fsynced before anything is
 * deleted, then deleted children first, in short transactions of a bounded number of cases. Operator actions older
 * than the age go the same way. A case still referenced by the institution register (institution, institution_event,
 * imported_institution_event) or with an unsent outbox row stays: the register is the public record. Route
 * {@code retention-case-archive} runs it daily.
 *
 * <p>File format: one JSON object per line; {@code {"case": {filing_case row}, "<table>": [rows], ...}} per case, then
 * {@code {"operator_action": {row}}} per action. Column names lower case, timestamps as ISO-8601 instants.
 */
@Component
public class CaseArchive {

    /** 通知 五(二): at least three years. */
    public static final Period MINIMUM_AGE = Period.ofYears(3);

    private static final Logger log = LoggerFactory.getLogger(CaseArchive.class);
    private static final int CHUNK = 100;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Children of a case, exported in this order and deleted in this order before filing_case. */
    private static final List<String> CHILDREN_SQL_ORDER = List.of(
            "ministry_receipt", "ministry_report", "platform_message", "outbound_record", "mapping_failure",
            "case_clock", "skills_decision", "site_evaluation", "result_notice", "outbox", "case_event");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectMapper json;
    private final Period age;
    private final Path archiveDir;
    private final int maxPerRun;
    private final Counter archivedCases;
    private final Counter archivedActions;

    CaseArchive(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, ObjectMapper json,
                MeterRegistry meters, @Value("${bridge.retention.case-age:3y}") Period age,
                @Value("${bridge.data-dir}") Path dataDir,
                @Value("${bridge.retention.archive-max-per-run:10000}") int maxPerRun) {
        LocalDate reference = LocalDate.of(2000, 1, 1);
        if (reference.minus(age).isAfter(reference.minus(MINIMUM_AGE))) {
            throw new RetentionTooShortException(age);
        }
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.json = json;
        this.age = age;
        this.archiveDir = dataDir.resolve("archive");
        this.maxPerRun = maxPerRun;
        this.archivedCases = Counter.builder("bridge.retention.archived").tag("kind", "case")
                .description("closed cases archived to a file and deleted").register(meters);
        this.archivedActions = Counter.builder("bridge.retention.archived").tag("kind", "operator-action")
                .description("operator actions archived to a file and deleted").register(meters);
    }

    /** What one run did: the file (null when there was nothing to archive) and how many cases and actions. */
    public record ArchiveRun(Path file, int cases, int operatorActions) {
    }

    /** Refused setting: below the statutory minimum. */
    public static final class RetentionTooShortException extends IllegalStateException {
        RetentionTooShortException(Period age) {
            super("bridge.retention.case-age " + age + " is below the minimum " + MINIMUM_AGE
                    + " (通知 五(二)): case data is kept at least 3 years");
        }
    }

    /** One run: export, fsync, then delete. */
    public ArchiveRun archive() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        // never later than three years back from today: an age in days (1095d) passes the start-up check but is a day
        // short across a 29 February
        OffsetDateTime cutoff = now.minus(age);
        if (cutoff.isAfter(now.minus(MINIMUM_AGE))) {
            cutoff = now.minus(MINIMUM_AGE);
        }
        List<String> closed = Arrays.stream(CaseState.values()).filter(s -> !s.isOpen()).map(Enum::name).toList();
        List<String> caseIds = jdbc.sql("""
                SELECT c.case_id FROM filing_case c
                WHERE c.state IN (:closed) AND c.received_at < :cutoff
                  AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.case_id AND e.occurred_at >= :cutoff)
                  AND NOT EXISTS (SELECT 1 FROM institution i WHERE i.case_id = c.case_id)
                  AND NOT EXISTS (SELECT 1 FROM institution_event i WHERE i.case_id = c.case_id)
                  AND NOT EXISTS (SELECT 1 FROM imported_institution_event i WHERE i.case_id = c.case_id)
                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.case_id AND o.sent_at IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM outbound_record r
                    WHERE r.case_id = c.case_id AND r.status <> 'DELIVERED')
                  AND NOT EXISTS (SELECT 1 FROM mapping_failure f WHERE f.case_id = c.case_id AND f.resolved_at IS NULL)
                ORDER BY c.case_id LIMIT :max""")
                // a record not delivered (PENDING, HELD, PARKED, DEAD: forwarding's OutboundStatus) or a mapping failure
                // not resolved still waits for an operator, whatever its age: the applicant may never have been told
                .param("closed", closed).param("cutoff", cutoff).param("max", maxPerRun)
                .query(String.class).list();
        List<Long> actionIds = jdbc.sql("""
                SELECT action_id FROM operator_action WHERE acted_at < :cutoff ORDER BY action_id LIMIT :max""")
                .param("cutoff", cutoff).param("max", maxPerRun).query(Long.class).list();
        if (caseIds.isEmpty() && actionIds.isEmpty()) {
            log.info("retention: nothing to archive (cutoff {})", cutoff);
            return new ArchiveRun(null, 0, 0);
        }
        Path file = archiveDir.resolve("archive-" + FILE_TIME.format(now) + ".jsonl.gz");
        export(file, caseIds, actionIds);
        for (List<String> chunk : chunks(caseIds)) {
            tx.executeWithoutResult(s -> deleteCases(chunk));
        }
        for (List<Long> chunk : chunks(actionIds)) {
            tx.executeWithoutResult(s -> jdbc.sql("DELETE FROM operator_action WHERE action_id IN (:ids)")
                    .param("ids", chunk).update());
        }
        archivedCases.increment(caseIds.size());
        archivedActions.increment(actionIds.size());
        log.info("retention: archived {} closed cases and {} operator actions older than {} to {}",
                caseIds.size(), actionIds.size(), cutoff, file);
        return new ArchiveRun(file, caseIds.size(), actionIds.size());
    }

    private void export(Path file, List<String> caseIds, List<Long> actionIds) {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.createDirectories(archiveDir);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                GZIPOutputStream gzip = new GZIPOutputStream(raw, 65536);
                for (List<String> chunk : chunks(caseIds)) {
                    writeCases(gzip, chunk);
                }
                for (List<Long> chunk : chunks(actionIds)) {
                    for (Map<String, Object> row : jdbc.sql(
                            "SELECT * FROM operator_action WHERE action_id IN (:ids) ORDER BY action_id")
                            .param("ids", chunk).query().listOfRows()) {
                        writeLine(gzip, Map.of("operator_action", plain(row)));
                    }
                }
                gzip.finish();
                gzip.flush();
                channel.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(archiveDir, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("retention: cannot write the archive " + file + "; nothing deleted", e);
        }
    }

    private void writeCases(OutputStream out, List<String> ids) throws IOException {
        Map<String, Map<String, Object>> byCase = new LinkedHashMap<>();
        for (Map<String, Object> row : jdbc.sql("SELECT * FROM filing_case WHERE case_id IN (:ids) ORDER BY case_id")
                .param("ids", ids).query().listOfRows()) {
            Map<String, Object> plain = plain(row);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("case", plain);
            byCase.put((String) plain.get("case_id"), line);
        }
        for (String table : CHILDREN_SQL_ORDER) {
            for (Map<String, Object> row : jdbc.sql(selectChildren(table)).param("ids", ids).query().listOfRows()) {
                Map<String, Object> plain = plain(row);
                Map<String, Object> line = byCase.get((String) plain.get("case_id"));
                @SuppressWarnings("unchecked")
                List<Object> rows = (List<Object>) line.computeIfAbsent(table, t -> new ArrayList<>());
                rows.add(plain);
            }
        }
        for (Map<String, Object> line : byCase.values()) {
            writeLine(out, line);
        }
    }

    private static String selectChildren(String table) {
        return switch (table) {
            case "ministry_receipt", "ministry_report" -> "SELECT o.case_id, t.* FROM " + table
                    + " t JOIN outbound_record o ON o.record_id = t.record_id WHERE o.case_id IN (:ids) ORDER BY t.record_id";
            default -> "SELECT * FROM " + table + " WHERE case_id IN (:ids)";
        };
    }

    private void deleteCases(List<String> ids) {
        for (String table : CHILDREN_SQL_ORDER) {
            String sql = switch (table) {
                case "ministry_receipt", "ministry_report" -> "DELETE FROM " + table
                        + " WHERE record_id IN (SELECT record_id FROM outbound_record WHERE case_id IN (:ids))";
                default -> "DELETE FROM " + table + " WHERE case_id IN (:ids)";
            };
            jdbc.sql(sql).param("ids", ids).update();
        }
        jdbc.sql("DELETE FROM filing_case WHERE case_id IN (:ids)").param("ids", ids).update();
    }

    private void writeLine(OutputStream out, Map<String, Object> line) throws IOException {
        out.write(json.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /** Lower-case column names (H2 answers upper case) and portable values: timestamps as instants, dates ISO. */
    private static Map<String, Object> plain(Map<String, Object> row) {
        Map<String, Object> plain = new LinkedHashMap<>();
        row.forEach((column, value) -> plain.put(column.toLowerCase(Locale.ROOT), plainValue(value)));
        return plain;
    }

    private static Object plainValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof TemporalAccessor t) {
            return t.toString();
        }
        return value.toString();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
