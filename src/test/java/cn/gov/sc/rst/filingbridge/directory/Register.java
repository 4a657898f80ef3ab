package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.testsupport.CaseRow;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the register as the workflow would: a case (whose payload holds the applicant's personal data) and its
 * institution row, plus register events. The directory only reads these tables.
 */
final class Register {

    /** Personal data in every case payload: none of it may ever leave through a public endpoint. */
    static final String ID_NUMBER = "51010419900307123X";
    static final String CONTACT_MOBILE = "13812345678";
    static final String DIRECTOR_MOBILE = "15987654321";
    static final String DIRECTOR_ID_NUMBER = "510107198512240018";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Register(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Occupation(String code, String name, List<Integer> levels) {
    }

    record Entry(String filingNumber, String name, String area, String status, LocalDate statusDate, String scope,
                 List<Occupation> occupations) {
    }

    String caseFor(String filingNumber, String area, OffsetDateTime at) {
        String caseId = UUID.randomUUID().toString();
        String payload = write(Map.of("SBLSH", "SB" + filingNumber, "SQRMC", "申请人" + filingNumber,
                "LXRSJ", CONTACT_MOBILE, "XZQHDM", area,
                "BAB", Map.of("FZRXM", "王负责", "FZRSFZH", DIRECTOR_ID_NUMBER, "FZRSJ", DIRECTOR_MOBILE,
                        "LXRSFZH", ID_NUMBER)));
        return CaseRow.of(caseId, "SB" + filingNumber).state("FILED")
                .applicant("申请人" + filingNumber, credit(filingNumber)).areaCode(area).receivedAt(at).payload(payload)
                .insert(jdbc);
    }

    void institution(Entry e, OffsetDateTime at) {
        String caseId = caseFor(e.filingNumber(), e.area(), at);
        jdbc.sql("""
                        INSERT INTO institution (filing_number, case_id, name, unit_name, credit_code, address,
                          director_name, area_code, authority_name, authority_area, occupations, scope, valid_from,
                          valid_to, status, status_date, revocation_cause, updated_at, version)
                        VALUES (:number, :caseId, :name, :unit, :credit, :address, '王负责', :area, :authority,
                          :authorityArea, :occupations, :scope, DATE '2026-01-05', DATE '2029-01-04', :status,
                          :statusDate, :cause, :at, 1)""")
                .param("number", e.filingNumber()).param("caseId", caseId).param("name", e.name())
                .param("unit", e.name() + "举办单位").param("credit", credit(e.filingNumber()))
                .param("address", "四川省某市某区某路 " + e.filingNumber().substring(9) + " 号")
                .param("area", e.area()).param("authority", "四川省人力资源和社会保障厅")
                .param("authorityArea", "510000").param("occupations", write(e.occupations()))
                .param("scope", e.scope()).param("status", e.status()).param("statusDate", e.statusDate())
                .param("cause", "REVOKED".equals(e.status()) ? "举报人电话 " + CONTACT_MOBILE : null)
                .param("at", at).update();
        event(e.filingNumber(), caseId, "FILED", at);
    }

    void event(String filingNumber, String caseId, String kind, OffsetDateTime at) {
        String owner = caseId != null ? caseId : jdbc.sql("SELECT case_id FROM institution WHERE filing_number = :n")
                .param("n", filingNumber).query(String.class).single();
        jdbc.sql("""
                        INSERT INTO institution_event (filing_number, case_id, event_kind, summary, occurred_at)
                        VALUES (:n, :c, :k, :s, :at)""")
                .param("n", filingNumber).param("c", owner).param("k", kind)
                .param("s", kind + " 经办人手机 " + CONTACT_MOBILE).param("at", at).update();
    }

    void status(String filingNumber, String status, LocalDate date, OffsetDateTime at) {
        jdbc.sql("UPDATE institution SET status = :s, status_date = :d, updated_at = :at, version = version + 1 "
                        + "WHERE filing_number = :n")
                .param("s", status).param("d", date).param("at", at).param("n", filingNumber).update();
        event(filingNumber, null, status, at);
    }

    /** A unit's 统一社会信用代码 (public): letters inside, so it is never shaped like an identity number. */
    private static String credit(String filingNumber) {
        return "91510100MA" + filingNumber.substring(filingNumber.length() - 8);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
