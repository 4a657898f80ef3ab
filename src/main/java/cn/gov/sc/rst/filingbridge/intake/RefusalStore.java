package cn.gov.sc.rst.filingbridge.intake;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plain JDBC over {@code intake_refusal}: requests refused before they became a case. Callers own the transaction. */
@Repository
class RefusalStore {

    private final JdbcClient jdbc;

    RefusalStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertRefusal(Refusal r, String violationsJson, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO intake_refusal (channel, app_id, sblsh, http_status, reason_code, violations, body_sm3, refused_at)
                VALUES (:channel, :appId, :sblsh, :status, :reason, :violations, :bodySm3, :at)""")
                .param("channel", r.channel().name()).param("appId", r.appId()).param("sblsh", truncate(r.sblsh(), 64))
                .param("status", r.httpStatus()).param("reason", r.reasonCode()).param("violations", violationsJson)
                .param("bodySm3", r.bodySm3()).param("at", at)
                .update();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
