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

    /**
     * A window nonce checked but not yet claimed: a case submission claims it inside the transaction that stores the
     * case ({@link #claimWithin}), so that nonce, case, first event and outbox entry commit together; whatever the
     * request became instead, the guard claims it on its own once the request is answered ({@link #claimIfPending}).
     */
    static final class Pending {
        private final String appId;
        private final String nonce;
        private final Duration keepFor;
        private volatile boolean claimed;

        Pending(String appId, String nonce, Duration keepFor) {
            this.appId = appId;
            this.nonce = nonce;
            this.keepFor = keepFor;
        }

        /** Called once the transaction that inserted the nonce has committed. */
        void claimed() {
            this.claimed = true;
        }
    }

    /** The nonce was used before: a concurrent replay that passed the guard's check before the first one committed. */
    static final class Replayed extends RuntimeException {
        Replayed(Pending pending) {
            super("nonce of app " + pending.appId + " already used", null, false, false);
        }

        /** What the window answers, the same as the guard's refusal of a replayed nonce. */
        static Violation violation() {
            return new Violation(WindowSignature.NONCE, "auth:nonce-reused", "身份认证失败：X-Nonce 已使用过（疑似重放）",
                    "authentication failed: X-Nonce was already used (replay)");
        }
    }

    /** Whether the app has used this nonce (and it has not expired yet): a read, no commit. */
    boolean seen(String appId, String nonce) {
        return jdbc.sql("SELECT COUNT(*) FROM used_nonce WHERE app_id = :app AND nonce = :nonce")
                .param("app", appId).param("nonce", nonce).query(Integer.class).single() > 0;
    }

    /**
     * Inserts the pending nonce in the caller's transaction (its first write); {@link Replayed} when it is taken, which
     * rolls that transaction back. The caller marks it {@link Pending#claimed()} after the commit.
     */
    void claimWithin(Pending pending) {
        try {
            insert(pending.appId, pending.nonce, pending.keepFor);
        } catch (DuplicateKeyException e) {
            throw new Replayed(pending);
        }
    }

    /** Claims the nonce on its own when no transaction of the request did: false when it was used already. */
    boolean claimIfPending(Pending pending) {
        return pending.claimed || claim(pending.appId, pending.nonce, pending.keepFor);
    }

    /** True the first time an app uses this nonce; false when it was seen and has not expired. */
    boolean claim(String appId, String nonce, Duration keepFor) {
        try {
            insert(appId, nonce, keepFor);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private void insert(String appId, String nonce, Duration keepFor) {
        jdbc.sql("INSERT INTO used_nonce (app_id, nonce, expires_at) VALUES (:app, :nonce, :expires)")
                .param("app", appId).param("nonce", nonce)
                .param("expires", OffsetDateTime.now(clock).plus(keepFor))
                .update();
    }

    /** Forgets nonces whose timestamps are outside the tolerance anyway; called by the purge route. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM used_nonce WHERE expires_at < :now")
                .param("now", OffsetDateTime.now(clock))
                .update();
    }
}
