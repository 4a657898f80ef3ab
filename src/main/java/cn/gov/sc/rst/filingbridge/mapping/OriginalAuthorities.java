package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.intake.FilingRegister;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The authority that filed an institution (原备案人力资源社会保障部门, 四(二) and 四(三)), found by its 备案号 (BAH): in the
 * gateway's register ({@code institution}) first, then among the institutions an operator imported because they were
 * filed before the gateway existed ({@code imported_institution}). Joins the caller's transaction.
 */
@Component
public class OriginalAuthorities implements FilingRegister {

    private final JdbcClient jdbc;

    OriginalAuthorities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The authority that filed the institution {@code filingNumber}, if the register or the imports know it. */
    public Optional<Authority> of(String filingNumber) {
        if (filingNumber == null || filingNumber.isBlank()) {
            return Optional.empty();
        }
        Optional<String[]> row = jdbc.sql("SELECT authority_area, authority_name FROM institution WHERE filing_number = :n")
                .param("n", filingNumber).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
        if (row.isEmpty()) {
            row = jdbc.sql("SELECT authority_area, authority_name FROM imported_institution WHERE filing_number = :n")
                    .param("n", filingNumber).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                    .optional();
        }
        return row.map(r -> {
            Authority a = Authority.ofArea(r[0], "原备案机关（备案号 " + filingNumber + "）");
            return new Authority(a.tier(), a.areaCode(), r[1], a.reason());
        });
    }

    @Override
    public Optional<Registered> registered(String filingNumber) {
        if (filingNumber == null || filingNumber.isBlank()) {
            return Optional.empty();
        }
        Optional<Registered> own = jdbc.sql("""
                SELECT name, address, director_name, credit_code, occupations, status, status_date
                FROM institution WHERE filing_number = :n""")
                .param("n", filingNumber).query((rs, i) -> new Registered(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), levels(rs.getString(5)), rs.getString(6),
                        rs.getObject(7, java.time.LocalDate.class))).optional();
        if (own.isPresent()) {
            return own;
        }
        return jdbc.sql("SELECT name, director_name, status, status_date FROM imported_institution WHERE filing_number = :n")
                .param("n", filingNumber).query((rs, i) -> new Registered(rs.getString(1), null, rs.getString(2), null,
                        null, rs.getString(3), rs.getObject(4, java.time.LocalDate.class))).optional();
    }

    private static java.util.Map<String, java.util.Set<Integer>> levels(String occupations) {
        java.util.Map<String, java.util.Set<Integer>> out = new java.util.TreeMap<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode o : READER.readTree(occupations == null ? "[]" : occupations)) {
                java.util.Set<Integer> set = new java.util.TreeSet<>();
                o.path("levels").forEach(l -> set.add(l.asInt()));
                out.put(o.path("code").asText(), set);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the register's occupations are unreadable", e);
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper READER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** One institution filed before the gateway, as an operator imports it. */
    public record Imported(String filingNumber, String name, String authorityArea) {
    }

    /** What importing one row did. */
    public enum Outcome { ADDED, UNCHANGED, ALREADY_IN_REGISTER, CONFLICT }

    /**
     * Enters one imported institution: a new number is added; the same number with the same name and authority is
     * left as it is (idempotent), as is one with the same authority whose name a filed 变更 has changed since; a number
     * the gateway's own register holds, or one imported with another name or authority, is not touched.
     */
    public Outcome importOne(Imported row, String operator, OffsetDateTime now) {
        Authority authority = Authority.ofArea(row.authorityArea(), "imported");
        boolean inRegister = jdbc.sql("SELECT COUNT(*) FROM institution WHERE filing_number = :n")
                .param("n", row.filingNumber()).query(Integer.class).single() > 0;
        if (inRegister) {
            return Outcome.ALREADY_IN_REGISTER;
        }
        Optional<String[]> existing = jdbc.sql("""
                SELECT name, authority_area, version FROM imported_institution WHERE filing_number = :n""")
                .param("n", row.filingNumber())
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).optional();
        if (existing.isPresent()) {
            // a row the gateway has changed since (a filed 变更 or 注销, version > 1) is newer than the file
            boolean changedSince = Integer.parseInt(existing.get()[2]) > 1;
            return (existing.get()[0].equals(row.name()) || changedSince) && existing.get()[1].equals(authority.areaCode())
                    ? Outcome.UNCHANGED : Outcome.CONFLICT;
        }
        jdbc.sql("""
                INSERT INTO imported_institution (filing_number, name, authority_area, authority_name, imported_by,
                  imported_at)
                VALUES (:n, :name, :area, :authority, :by, :at)""")
                .param("n", row.filingNumber()).param("name", row.name()).param("area", authority.areaCode())
                .param("authority", authority.name()).param("by", operator).param("at", now).update();
        return Outcome.ADDED;
    }
}
