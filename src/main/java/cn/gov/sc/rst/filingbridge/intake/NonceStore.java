package cn.gov.sc.rst.filingbridge.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Single-use nonces of the window signature, shared by every gateway instance through the database. */
@Component("nonceStore")
public class NonceStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    NonceStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True the first time an app uses this nonce; false when it was seen and has not expired. */
    boolean claim(String appId, String nonce, Duration keepFor) {
        try {
            jdbc.sql("INSERT INTO used_nonce (app_id, nonce, expires_at) VALUES (:app, :nonce, :expires)")
                    .param("app", appId).param("nonce", nonce)
                    .param("expires", OffsetDateTime.now(clock).plus(keepFor))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Forgets nonces whose timestamps are outside the tolerance anyway; called by the purge route. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM used_nonce WHERE expires_at < :now")
                .param("now", OffsetDateTime.now(clock))
                .update();
    }
}
