package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The register of filed institutions ({@code institution}) and its history ({@code institution_event}) that the public
 * directory reads. Only public facts: names, codes, address, the director's name, occupations and levels, validity and
 * status; never an identity number or a personal phone. Beside it, the institutions filed before the gateway that an
 * operator imported ({@code imported_institution}, with {@code imported_institution_event}): a 变更 or 注销 of one of
 * them applies there; they are not in the directory. Joins the caller's transaction.
 */
@Component
class InstitutionRegister {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    InstitutionRegister(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A register entry as the workflow needs it. An imported one ({@code imported}) has no case of the gateway's
     * ({@code caseId} null).
     */
    record Entry(String filingNumber, String caseId, String status, boolean imported) {
    }

    Optional<Entry> byNumber(String filingNumber) {
        return jdbc.sql("SELECT filing_number, case_id, status FROM institution WHERE filing_number = :n")
                .param("n", filingNumber)
                .query((rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), false)).optional();
    }

    Optional<Entry> byCase(String caseId) {
        return jdbc.sql("SELECT filing_number, case_id, status FROM institution WHERE case_id = :c")
                .param("c", caseId)
                .query((rs, i) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), false)).optional();
    }

    /** An institution filed before the gateway, as an operator imported it. */
    Optional<Entry> imported(String filingNumber) {
        return jdbc.sql("SELECT filing_number, status FROM imported_institution WHERE filing_number = :n")
                .param("n", filingNumber)
                .query((rs, i) -> new Entry(rs.getString(1), null, rs.getString(2), true)).optional();
    }

    /**
     * Applies a filed 变更 to an imported institution: the name and the director its 备案表 gives replace the imported
     * ones when the change declares them (BGSX 名称, 负责人).
     */
    void importedChanged(String filingNumber, String changeCaseId, FilingCase change, LocalDate on,
                         OffsetDateTime now) {
        FilingCase.FilingForm form = change.bab();
        String name = form != null && form.institution() != null && change.declares(FilingCase.NAME)
                ? form.institution().name() : null;
        String director = form != null && form.institution() != null && change.declares(FilingCase.DIRECTOR)
                ? form.institution().directorName() : null;
        jdbc.sql("""
                UPDATE imported_institution SET name = COALESCE(:name, name),
                  director_name = COALESCE(:director, director_name), status_date = :on, updated_at = :now,
                  version = version + 1
                WHERE filing_number = :n""")
                .param("name", name == null || name.isBlank() ? null : name)
                .param("director", director == null || director.isBlank() ? null : director)
                .param("on", on).param("now", now).param("n", filingNumber).update();
        importedEvent(filingNumber, changeCaseId, "CHANGED", changeSummary(change), now);
    }

    /** Cancels an imported institution (注销备案). */
    void importedCancelled(String filingNumber, String caseId, String reason, LocalDate on, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE imported_institution SET status = 'CANCELLED', status_date = :on, updated_at = :now,
                  version = version + 1
                WHERE filing_number = :n""")
                .param("on", on).param("now", now).param("n", filingNumber).update();
        importedEvent(filingNumber, caseId, "CANCELLED", "注销备案" + (reason == null ? "" : "：" + reason), now);
    }

    private void importedEvent(String filingNumber, String caseId, String kind, String summary, OffsetDateTime now) {
        history("imported_institution_event", filingNumber, caseId, kind, summary, now);
    }

    /** Enters a newly filed institution from its 设立备案 case. */
    void filed(String caseId, FilingCase c, String filingNumber, LocalDate validFrom, LocalDate validTo,
               String authorityName, String authorityArea, LocalDate on, OffsetDateTime now) {
        FilingCase.FilingForm form = c.bab();
        jdbc.sql("""
                INSERT INTO institution (filing_number, case_id, name, unit_name, credit_code, address, director_name,
                  area_code, authority_name, authority_area, occupations, scope, valid_from, valid_to, status,
                  status_date, updated_at, version)
                VALUES (:n, :caseId, :name, :unit, :uscc, :address, :director, :area, :authority, :authorityArea,
                  :occupations, :scope, :from, :to, 'FILED', :on, :now, 1)""")
                .param("n", filingNumber).param("caseId", caseId).param("name", form.institution().name())
                .param("unit", form.applicant().fullName()).param("uscc", form.applicant().creditCode())
                .param("address", form.institution().address()).param("director", form.institution().directorName())
                .param("area", c.xzqhdm()).param("authority", authorityName).param("authorityArea", authorityArea)
                .param("occupations", occupations(form.occupations())).param("scope", scope(form.occupations()))
                .param("from", validFrom).param("to", validTo).param("on", on).param("now", now).update();
        event(filingNumber, caseId, "FILED", "准予备案，有效期 " + validFrom + " 至 " + validTo, now);
    }

    /** Applies a filed 变更: every field its 备案表 gives replaces the registered one. */
    void changed(String filingNumber, String changeCaseId, FilingCase change, LocalDate on, OffsetDateTime now) {
        FilingCase.FilingForm form = change.bab();
        // only what the change declares (BGSX) is changed: the rest of its 备案表 is the institution as it stands, and
        // an undeclared difference (e.g. levels in a 负责人 change) would bypass the tier its own change goes by (四(一))
        Map<String, Object> set = new LinkedHashMap<>();
        if (form != null && form.institution() != null) {
            if (change.declares(FilingCase.NAME)) {
                put(set, "name", form.institution().name());
            }
            if (change.declares(FilingCase.SITES)) {
                put(set, "address", form.institution().address());
            }
            if (change.declares(FilingCase.DIRECTOR)) {
                put(set, "director_name", form.institution().directorName());
            }
        }
        if (form != null && form.applicant() != null && change.declares(FilingCase.NAME)) {
            put(set, "unit_name", form.applicant().fullName());
            put(set, "credit_code", form.applicant().creditCode());
        }
        if (change.declaresOccupations() && form != null && form.occupations() != null
                && !form.occupations().isEmpty()) {
            set.put("occupations", occupations(form.occupations()));
            set.put("scope", scope(form.occupations()));
        }
        StringBuilder sql = new StringBuilder("UPDATE institution SET status_date = :on, updated_at = :now, "
                + "version = version + 1");
        set.keySet().forEach(k -> sql.append(", ").append(k).append(" = :").append(k));
        JdbcClient.StatementSpec spec = jdbc.sql(sql + " WHERE filing_number = :n").param("on", on)
                .param("now", now).param("n", filingNumber);
        for (Map.Entry<String, Object> e : set.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        spec.update();
        event(filingNumber, changeCaseId, "CHANGED", changeSummary(change), now);
    }

    private static String changeSummary(FilingCase change) {
        return "变更备案（" + (change.bgsx() == null ? "" : String.join("、", change.bgsx())) + "），变更日期 "
                + change.bgrq();
    }

    void cancelled(String filingNumber, String caseId, String reason, LocalDate on, OffsetDateTime now) {
        status(filingNumber, "CANCELLED", null, on, now);
        event(filingNumber, caseId, "CANCELLED", "注销备案" + (reason == null ? "" : "：" + reason), now);
    }

    void revoked(String filingNumber, String caseId, String cause, String facts, LocalDate on, OffsetDateTime now) {
        status(filingNumber, "REVOKED", cause, on, now);
        event(filingNumber, caseId, "REVOKED", "取消备案：" + cause + "。事实：" + facts, now);
    }

    private void status(String filingNumber, String status, String cause, LocalDate on, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE institution SET status = :status, revocation_cause = :cause, status_date = :on,
                  updated_at = :now, version = version + 1
                WHERE filing_number = :n""")
                .param("status", status).param("cause", cause).param("on", on).param("now", now)
                .param("n", filingNumber).update();
    }

    private void event(String filingNumber, String caseId, String kind, String summary, OffsetDateTime now) {
        history("institution_event", filingNumber, caseId, kind, summary, now);
    }

    /** One entry of an institution's history: the register's own ({@code institution_event}) or an import's. */
    private void history(String table, String filingNumber, String caseId, String kind, String summary,
                         OffsetDateTime now) {
        jdbc.sql("INSERT INTO " + table + " (filing_number, case_id, event_kind, summary, occurred_at)"
                        + " VALUES (:n, :caseId, :kind, :summary, :now)")
                .param("n", filingNumber).param("caseId", caseId).param("kind", kind)
                .param("summary", summary.length() > 2000 ? summary.substring(0, 2000) : summary).param("now", now)
                .update();
    }

    private static void put(Map<String, Object> set, String column, String value) {
        if (value != null && !value.isBlank()) {
            set.put(column, value);
        }
    }

    private String occupations(List<FilingCase.Occupation> occupations) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FilingCase.Occupation o : occupations == null ? List.<FilingCase.Occupation>of() : occupations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", o.code());
            m.put("name", o.name());
            m.put("levels", o.levels() == null ? List.of() : o.levels());
            list.add(m);
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise occupations", e);
        }
    }

    /** 鉴定职业（工种）范围和等级 in words: "车工（4-04-05-01）：三级、四级、五级；…". */
    private static String scope(List<FilingCase.Occupation> occupations) {
        if (occupations == null) {
            return null;
        }
        String s = occupations.stream().map(o -> o.name() + "（" + o.code() + "）："
                        + (o.levels() == null ? "" : o.levels().stream().sorted().map(l -> LEVELS[l] + "级")
                        .collect(Collectors.joining("、"))))
                .collect(Collectors.joining("；"));
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    private static final String[] LEVELS = {"", "一", "二", "三", "四", "五"};
}
