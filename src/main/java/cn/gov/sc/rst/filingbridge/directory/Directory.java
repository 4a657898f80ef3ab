package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.intake.Prefectures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the register for the public. The SQL selects only the whitelisted columns; area and status filter in SQL,
 * occupation, level and text in Java over the parsed occupations (portable between H2 and PostgreSQL without JSON
 * operators; the register of one province is thousands of rows, not millions). Ordered by 备案号.
 */
@Component
public class Directory {

    private static final Logger log = LoggerFactory.getLogger(Directory.class);
    private static final String COLUMNS = """
            filing_number, name, unit_name, credit_code, address, director_name, area_code, authority_name,
            occupations, scope, valid_from, valid_to, status, status_date""";
    private static final TypeReference<List<Map<String, Object>>> OCCUPATIONS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Directory(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page of matches. */
    public record Page(List<PublicInstitution> items, int page, int size, long total) {
        public Page {
            items = List.copyOf(items);
        }

        public int pages() {
            return size <= 0 ? 0 : (int) ((total + size - 1) / size);
        }
    }

    /** One change of the register with the institution as it is now. */
    public record Change(long eventId, String kind, Instant occurredAt, String filingNumber,
                         PublicInstitution institution) {
    }

    public Page search(DirectoryQuery query) {
        List<PublicInstitution> all = matching(query);
        long from = Math.min((long) query.page() * query.size(), all.size());
        long to = Math.min(from + query.size(), all.size());
        return new Page(all.subList((int) from, (int) to), query.page(), query.size(), all.size());
    }

    /** Every match on all pages, ordered by 备案号. */
    public List<PublicInstitution> matching(DirectoryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM institution WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (query.areaPrefix() != null) {
            sql.append(" AND area_code LIKE :area");
            params.put("area", query.areaPrefix() + "%");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
            params.put("status", query.status());
        }
        sql.append(" ORDER BY filing_number");
        return jdbc.sql(sql.toString()).params(params).query(this::row).list().stream()
                .filter(query::matches).toList();
    }

    /** The institutions with these 备案号, by 备案号. */
    Map<String, PublicInstitution> byFilingNumber(Collection<String> filingNumbers) {
        Map<String, PublicInstitution> found = new LinkedHashMap<>();
        if (filingNumbers.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM institution WHERE filing_number IN (:numbers)")
                .param("numbers", List.copyOf(filingNumbers)).query(this::row).list()
                .forEach(i -> found.put(i.filingNumber(), i));
        return found;
    }

    /**
     * Register changes after the cursor, oldest first: events with {@code occurred_at} after {@code since}, or at
     * {@code since} with an event id above {@code afterEventId} (several events can share a timestamp).
     */
    public List<Change> changes(Instant since, long afterEventId, int limit) {
        OffsetDateTime at = since.atOffset(ZoneOffset.UTC);
        record Event(long id, String number, String kind, Instant at) {
        }
        List<Event> events = jdbc.sql("""
                        SELECT event_id, filing_number, event_kind, occurred_at FROM institution_event
                        WHERE occurred_at > :since OR (occurred_at = :since AND event_id > :after)
                        ORDER BY occurred_at, event_id LIMIT :limit""")
                .param("since", at).param("after", afterEventId).param("limit", limit)
                .query((rs, n) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
        Map<String, PublicInstitution> views = byFilingNumber(events.stream().map(Event::number).distinct().toList());
        List<Change> changes = new ArrayList<>();
        for (Event e : events) {
            changes.add(new Change(e.id(), e.kind(), e.at(), e.number(), views.get(e.number())));
        }
        return changes;
    }

    private PublicInstitution row(ResultSet rs, int n) throws SQLException {
        String areaCode = rs.getString("area_code");
        String status = rs.getString("status");
        LocalDate statusDate = rs.getObject("status_date", LocalDate.class);
        return new PublicInstitution(
                rs.getString("filing_number"),
                PublicText.scrub(rs.getString("name")),
                PublicText.scrub(rs.getString("unit_name")),
                PublicText.creditCode(rs.getString("credit_code")),
                PublicText.scrub(rs.getString("address")),
                PublicText.scrub(rs.getString("director_name")),
                areaCode,
                prefecture(areaCode),
                PublicText.scrub(rs.getString("authority_name")),
                occupations(rs.getString("filing_number"), rs.getString("occupations")),
                PublicText.scrub(rs.getString("scope")),
                rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class),
                status,
                statusLabel(status),
                statusDate,
                "REVOKED".equals(status) ? statusDate : null);
    }

    static String statusLabel(String status) {
        return switch (status) {
            case "FILED" -> "已备案";
            case "CANCELLED" -> "已注销";
            case "REVOKED" -> "已撤销";
            default -> status;
        };
    }

    private static String prefecture(String areaCode) {
        String prefix = areaCode == null || areaCode.length() < 4 ? "" : areaCode.substring(0, 4);
        return Prefectures.all().getOrDefault(prefix, "");
    }

    private List<PublicInstitution.Occupation> occupations(String filingNumber, String text) {
        try {
            List<PublicInstitution.Occupation> out = new ArrayList<>();
            for (Map<String, Object> o : json.readValue(text, OCCUPATIONS)) {
                List<Integer> levels = new ArrayList<>();
                if (o.get("levels") instanceof List<?> list) {
                    list.forEach(l -> levels.add(l instanceof Number number ? number.intValue()
                            : Integer.parseInt(String.valueOf(l))));
                }
                out.add(new PublicInstitution.Occupation(String.valueOf(o.get("code")),
                        PublicText.scrub(String.valueOf(o.get("name"))), levels.stream().sorted().toList()));
            }
            return out;
        } catch (JsonProcessingException | NumberFormatException e) {
            log.error("institution {}: occupations are not the expected JSON array; shown without occupations: {}",
                    filingNumber, e.getMessage());
            return List.of();
        }
    }
}
