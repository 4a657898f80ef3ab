package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refusals of callers the window could not authenticate, counted rather than stored one by one: a row per channel,
 * reason, claimed app (a configured app's id, or {@code -}) and minute in {@code window_refusal_count}, so the rows an
 * anonymous caller can cause are bounded. The skills decisions' edge counts here too (channel {@code SKILLS}) the
 * decisions whose SM2 signature does not verify. Each refusal also counts in the metric {@code bridge.window.refusals}
 * (tags channel, reason). {@link #purge} forgets counts, and recorded refusals ({@code intake_refusal}), older than
 * {@code bridge.intake.refusal-retention}, and caps {@code intake_refusal} at {@code bridge.intake.refusal-max-rows}.
 */
@Component("anonymousRefusals")
public class AnonymousRefusals {

    static final String OTHER_APP = "-";

    /** The channel under which the skills decision edge counts (and records) its refusals. */
    public static final String SKILLS = "SKILLS";

    /**
     * The reasons {@link WindowGuard} refuses an unauthenticated window call for, registered at zero per window channel
     * so that the dashboard's refusal panel has its series before the first refusal.
     */
    static final java.util.List<String> WINDOW_REASONS = java.util.List.of(WindowGuard.UNAUTHENTICATED,
            WindowGuard.TOO_LARGE);

    private final JdbcClient jdbc;
    private final BridgeProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration retention;
    private final int maxRows;

    AnonymousRefusals(JdbcClient jdbc, BridgeProperties properties, Clock clock, MeterRegistry meters,
                      @Value("${bridge.intake.refusal-retention:90d}") Duration retention,
                      @Value("${bridge.intake.refusal-max-rows:100000}") int maxRows) {
        this.maxRows = maxRows;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.retention = retention;
        for (Channel channel : Channel.values()) {
            WINDOW_REASONS.forEach(reason -> counter(channel.name(), reason));
        }
    }

    /** Counts one refusal of an unauthenticated call, in its own transaction. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void count(Channel channel, String reason, String claimedAppId) {
        String app = claimedAppId != null && properties.platform().apps().containsKey(claimedAppId)
                ? claimedAppId : OTHER_APP;
        add(channel.name(), reason, app);
    }

    /**
     * Counts one refusal, in its own transaction, of a skills decision whose SM2 signature did not verify (none,
     * malformed, unknown certificate, mismatch): channel {@code SKILLS}, app {@code -}. A decision that verified is
     * refused with a row of its own ({@code intake_refusal}) instead.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void countUnsignedDecision(String reason) {
        add(SKILLS, reason, OTHER_APP);
    }

    private void add(String channel, String reason, String app) {
        counter(channel, reason).increment();
        OffsetDateTime minute = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MINUTES);
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = jdbc.sql("""
                            UPDATE window_refusal_count SET refusals = refusals + 1
                            WHERE channel = :channel AND reason_code = :reason AND app_id = :app AND at_minute = :minute""")
                    .param("channel", channel).param("reason", reason).param("app", app)
                    .param("minute", minute).update();
            if (updated > 0) {
                return;
            }
            try {
                jdbc.sql("""
                                INSERT INTO window_refusal_count (channel, reason_code, app_id, at_minute, refusals)
                                VALUES (:channel, :reason, :app, :minute, 1)""")
                        .param("channel", channel).param("reason", reason).param("app", app)
                        .param("minute", minute).update();
                return;
            } catch (DuplicateKeyException raced) {
                // another request inserted the minute's row first: count into it
            }
        }
    }

    private Counter counter(String channel, String reason) {
        return Counter.builder("bridge.window.refusals").description("window calls refused before authentication")
                .tag("channel", channel).tag("reason", reason).register(meters);
    }

    /**
     * Deletes refusal counts and recorded refusals older than the retention, and the oldest recorded refusals beyond
     * {@code bridge.intake.refusal-max-rows} (other edges, such as the skills decisions, record theirs there too);
     * called by the purge route.
     */
    public int purge() {
        OffsetDateTime before = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(retention);
        int counts = jdbc.sql("DELETE FROM window_refusal_count WHERE at_minute < :before")
                .param("before", before).update();
        int rows = jdbc.sql("DELETE FROM intake_refusal WHERE refused_at < :before").param("before", before).update();
        int excess = jdbc.sql("""
                        DELETE FROM intake_refusal WHERE refusal_id <= (SELECT refusal_id FROM intake_refusal
                          ORDER BY refusal_id DESC OFFSET :max ROWS FETCH FIRST 1 ROW ONLY)""")
                .param("max", maxRows).update();
        return counts + rows + excess;
    }
}
