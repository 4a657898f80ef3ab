package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.forwarding.DeliveryTarget;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gauges read from the database and the broker, each source queried at most once per {@code refresh}:
 * <ul>
 *   <li>{@code bridge.cases{state}}: cases per {@link CaseState} in {@code filing_case};</li>
 *   <li>{@code bridge.clocks.overdue{kind}}: open statutory clocks ({@code case_clock}, not stopped) whose due date
 *       has passed by the business clock in Sichuan;</li>
 *   <li>{@code bridge.queue.depth{queue}}: messages on the accepted queue, each delivery queue, their dead-letter
 *       queues and the broker's {@code bridge.dead-letter};</li>
 *   <li>{@code bridge.deliveries.dead{target}}: outbound records now DEAD (dead-lettered and not replayed).</li>
 * </ul>
 */
final class BridgeGauges implements MeterBinder {

    static final List<String> CLOCK_KINDS = List.of("COMPLETENESS", "SUPPLEMENT", "FILING");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<String> queues;
    private final Cached<Map<String, Long>> cases;
    private final Cached<Map<String, Long>> overdue;
    private final Cached<Map<String, Long>> dead;
    private final Cached<Map<String, Double>> depths;

    BridgeGauges(JdbcClient jdbc, Clock clock, QueueDepths broker, String acceptedQueue, Duration refresh) {
        this.jdbc = jdbc;
        this.clock = clock;
        List<String> names = new ArrayList<>(List.of(acceptedQueue, acceptedQueue + ".DLQ"));
        for (DeliveryTarget target : DeliveryTarget.values()) {
            names.add(target.queue());
            names.add(target.deadLetterQueue());
        }
        names.add("bridge.dead-letter");
        this.queues = List.copyOf(names);
        this.cases = new Cached<>(refresh, () -> counts("SELECT state, COUNT(*) FROM filing_case GROUP BY state"));
        this.overdue = new Cached<>(refresh, this::overdueClocks);
        this.dead = new Cached<>(refresh,
                () -> counts("SELECT target, COUNT(*) FROM outbound_record WHERE status = 'DEAD' GROUP BY target"));
        this.depths = new Cached<>(refresh, () -> broker.depths(queues));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (CaseState state : CaseState.values()) {
            Gauge.builder("bridge.cases", cases, c -> c.get().getOrDefault(state.name(), 0L))
                    .description("Cases by state").tag("state", state.name()).register(registry);
        }
        for (String kind : CLOCK_KINDS) {
            Gauge.builder("bridge.clocks.overdue", overdue, c -> c.get().getOrDefault(kind, 0L))
                    .description("Open statutory clocks past their due date").tag("kind", kind).register(registry);
        }
        for (String queue : queues) {
            Gauge.builder("bridge.queue.depth", depths, c -> c.get().getOrDefault(queue, Double.NaN))
                    .description("Messages on a broker queue, scheduled retries included").tag("queue", queue)
                    .register(registry);
        }
        for (DeliveryTarget target : DeliveryTarget.values()) {
            Gauge.builder("bridge.deliveries.dead", dead, c -> c.get().getOrDefault(target.name(), 0L))
                    .description("Outbound records dead-lettered and not replayed").tag("target", target.name())
                    .register(registry);
        }
    }

    private Map<String, Long> overdueClocks() {
        LocalDate today = LocalDate.now(clock);
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT clock_kind, COUNT(*) FROM case_clock
                        WHERE stopped_at IS NULL AND due_date < :today GROUP BY clock_kind""")
                .param("today", today)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql(sql).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
