package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.forwarding.DeadLetters;
import cn.gov.sc.rst.filingbridge.forwarding.DeliveryTarget;
import cn.gov.sc.rst.filingbridge.cases.CaseState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gauges read from the database and the broker, each source queried at most once per {@code refresh}:
 * <ul>
 *   <li>{@code bridge.cases{state}}: cases per {@link CaseState} in {@code filing_case};</li>
 *   <li>{@code bridge.clocks.overdue{kind}}: open statutory clocks ({@code case_clock}, not stopped) whose due date
 *       has passed by the business clock in Sichuan;</li>
 *   <li>{@code bridge.queue.depth{queue}}: messages on the accepted queue, each delivery queue, their dead-letter
 *       queues, and every other dead-letter queue the broker has, each under its own name as it is found: the queues
 *       of the broker's dead-letter address {@code bridge.dead-letter} above all. The broker creates those itself
 *       when it first dead-letters a message from an address ({@code DLQ.<address>}, auto-created dead-letter
 *       resources). With these settings the broker never puts a letter in a queue named {@code bridge.dead-letter}
 *       (a broker set up by hand may have one, and it is then found like any other), so a fixed gauge of that name
 *       read 0 while letters waited;</li>
 *   <li>{@code bridge.deliveries.dead{target}}: outbound records now DEAD (dead-lettered and not replayed);</li>
 *   <li>{@code bridge.dead.letters{queue}}: letters on each dead-letter queue the broker has ({@link DeadLetters}:
 *       the routes' {@code .DLQ}s and the queues of {@code bridge.dead-letter}), discovered at each refresh; a queue
 *       that appears later gets its gauge then.</li>
 *   <li>{@code bridge.deliveries.parked{target}}: outbound records now PARKED (refused for good by the peer, waiting
 *       for an operator);</li>
 *   <li>{@code bridge.mapping.failures.open}: cases the mapping parked and no replay has resolved yet;</li>
 *   <li>{@code bridge.outbox.oldest.unrelayed.age} (seconds): how long the oldest outbox entry not yet relayed to the
 *       broker has waited, 0 when none waits. The relay polls every few hundred milliseconds, so a minute means it is
 *       stuck (broker down, relay failing), not busy.</li>
 * </ul>
 * The counters {@code bridge.delivery.dead.letters} and {@code bridge.delivery.parked} ({@code forwarding.DeliveryMetrics})
 * count what happened since this instance started; these gauges say what waits now, across all instances.
 */
final class BridgeGauges implements MeterBinder {

    static final List<String> CLOCK_KINDS = List.of("COMPLETENESS", "SUPPLEMENT", "FILING");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<String> queues;
    private final Cached<Map<String, Long>> cases;
    private final Cached<Map<String, Long>> overdue;
    private final Cached<Map<String, Long>> settled;
    private final Cached<Double> outboxAge;
    private final Cached<Double> mappingFailures;
    private final Cached<Map<String, Double>> depths;
    private final Cached<Map<String, Double>> deadLetters;
    private final java.util.Set<String> deadLetterGauges = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> expectedDeadLetterQueues;
    private volatile MeterRegistry registry;

    BridgeGauges(JdbcClient jdbc, Clock clock, QueueDepths broker, DeadLetters letters, String acceptedQueue,
                 Duration refresh) {
        this.jdbc = jdbc;
        this.clock = clock;
        List<String> names = new ArrayList<>(List.of(acceptedQueue, acceptedQueue + ".DLQ"));
        for (DeliveryTarget target : DeliveryTarget.values()) {
            names.add(target.queue());
            names.add(target.deadLetterQueue());
        }
        this.queues = List.copyOf(names);
        this.cases = new Cached<>(refresh, () -> counts("SELECT state, COUNT(*) FROM filing_case GROUP BY state"));
        this.overdue = new Cached<>(refresh, this::overdueClocks);
        this.settled = new Cached<>(refresh, () -> counts("""
                SELECT target || '|' || status, COUNT(*) FROM outbound_record WHERE status IN ('DEAD', 'PARKED')
                GROUP BY target, status"""));
        this.outboxAge = new Cached<>(refresh, this::oldestUnrelayedAge);
        this.mappingFailures = new Cached<>(refresh, () -> jdbc.sql(
                "SELECT COUNT(DISTINCT case_id) FROM mapping_failure WHERE resolved_at IS NULL")
                .query(Long.class).single().doubleValue());
        this.depths = new Cached<>(refresh, () -> broker.depths(queues));
        this.expectedDeadLetterQueues = letters.expectedQueues();
        this.deadLetters = new Cached<>(refresh, () -> {
            Map<String, Double> found = new java.util.LinkedHashMap<>();
            letters.queues().forEach(q -> found.put(q.queue(), q.depth()));
            found.keySet().forEach(this::deadLetterGauge);
            return found;
        });
    }

    /**
     * The gauges of one dead-letter queue, registered once, when the queue is first seen: its letters, and its depth
     * beside the other queues' unless it is one of those already.
     */
    private void deadLetterGauge(String queue) {
        MeterRegistry r = registry;
        if (r != null && deadLetterGauges.add(queue)) {
            Gauge.builder("bridge.dead.letters", deadLetters, c -> letters(c.get(), queue))
                    .description("Messages on a dead-letter queue (a route's .DLQ or the broker's bridge.dead-letter)")
                    .tag("queue", queue).register(r);
            if (!queues.contains(queue)) {
                Gauge.builder("bridge.queue.depth", deadLetters, c -> letters(c.get(), queue))
                        .description("Messages on a broker queue, scheduled retries included").tag("queue", queue)
                        .register(r);
            }
        }
    }

    /**
     * A dead-letter queue's letters by the last refresh: NaN when the broker could not be asked (the routes' queues
     * then read NaN), 0 for a queue the broker no longer has (deleted by hand).
     */
    private static double letters(Map<String, Double> found, String queue) {
        Double depth = found.get(queue);
        if (depth != null) {
            return depth;
        }
        return found.values().stream().anyMatch(d -> d.isNaN()) ? Double.NaN : 0.0;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        // the routes' own dead-letter queues from the start; the broker's are added as the refresh finds them
        expectedDeadLetterQueues.forEach(this::deadLetterGauge);
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
            Gauge.builder("bridge.deliveries.dead", settled, c -> c.get().getOrDefault(target.name() + "|DEAD", 0L))
                    .description("Outbound records dead-lettered and not replayed").tag("target", target.name())
                    .register(registry);
            Gauge.builder("bridge.deliveries.parked", settled,
                            c -> c.get().getOrDefault(target.name() + "|PARKED", 0L))
                    .description("Outbound records the peer refused for good, waiting for an operator")
                    .tag("target", target.name()).register(registry);
        }
        Gauge.builder("bridge.mapping.failures.open", mappingFailures, Cached::get)
                .description("Cases parked by the mapping (a value the code tables do not know, …), waiting for an "
                        + "operator to fix the table and replay them; their statutory clocks run meanwhile")
                .register(registry);
        TimeGauge.builder("bridge.outbox.oldest.unrelayed.age", outboxAge, TimeUnit.SECONDS, Cached::get)
                .description("Age of the oldest outbox entry not yet relayed to the broker (0 when none)")
                .register(registry);
    }

    private Map<String, Long> overdueClocks() {
        LocalDate today = LocalDate.now(clock);
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT clock_kind, COUNT(*) FROM case_clock
                        WHERE stopped_at IS NULL AND expired_at IS NULL AND due_date < :today
                        GROUP BY clock_kind""")
                .param("today", today)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    private double oldestUnrelayedAge() {
        return jdbc.sql("SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL")
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class))).single()
                .map(oldest -> Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0))
                .orElse(0.0);
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql(sql).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
