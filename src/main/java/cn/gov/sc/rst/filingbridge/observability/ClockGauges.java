package cn.gov.sc.rst.filingbridge.observability;

import cn.gov.sc.rst.filingbridge.intake.Prefectures;
import cn.gov.sc.rst.filingbridge.workflow.Calendar;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The open statutory clocks ({@code case_clock} neither stopped nor expired) by the 市（州） whose 人社局 handles the case
 * ({@code filing_case.authority_area}) and by clock kind, read in one query at most once per {@code refresh}:
 * <ul>
 *   <li>{@code bridge.clocks.open}: every open clock;</li>
 *   <li>{@code bridge.clocks.open.overdue}: its due date has passed (the due day itself still counts);</li>
 *   <li>{@code bridge.clocks.open.due.soon}: due today or on the next working day by the working-day calendar, so an
 *       alert fires while there is still a working day to act;</li>
 *   <li>{@code bridge.clocks.open.provisional}: its due date was counted through a year without a loaded holiday
 *       calendar ({@code case_clock.provisional}), so it may move once the year is loaded.</li>
 * </ul>
 * Tags: {@code prefecture} (510000 for the province's own cases, a 市（州）'s {@code XXXX00}, or {@code unassigned}
 * while the mapping has not yet named the authority), {@code prefecture_name} and {@code kind}. Every combination is
 * registered, at zero until a clock is open, so that dashboards and alert rules see all 21 市（州）.
 */
final class ClockGauges implements MeterBinder {

    static final String PROVINCE = "510000";
    static final String UNASSIGNED = "unassigned";
    private static final ZoneId SICHUAN = ZoneId.of("Asia/Shanghai");
    /** Longest run of non-working days looked through for the next working day (the Spring Festival is 8 or 9). */
    private static final int MAX_DAYS_OFF = 31;
    private static final long[] NONE = new long[4];

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Calendar calendar;
    private final Map<String, String> areas;
    private final Cached<Map<String, long[]>> counts;

    ClockGauges(JdbcClient jdbc, Clock clock, Calendar calendar, Duration refresh) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.calendar = calendar;
        Map<String, String> known = new LinkedHashMap<>();
        known.put(PROVINCE, "四川省（省本级）");
        Prefectures.all().forEach((prefix, name) -> known.put(prefix + "00", name));
        known.put(UNASSIGNED, "未确定");
        this.areas = Map.copyOf(known);
        this.counts = new Cached<>(refresh, this::count);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, String> area : new java.util.TreeMap<>(areas).entrySet()) {
            for (String kind : BridgeGauges.CLOCK_KINDS) {
                String key = area.getKey() + "|" + kind;
                gauge(registry, "bridge.clocks.open", "Open statutory clocks", area, kind, c -> c[0], key);
                gauge(registry, "bridge.clocks.open.overdue", "Open statutory clocks past their due date", area, kind,
                        c -> c[1], key);
                gauge(registry, "bridge.clocks.open.due.soon",
                        "Open statutory clocks due today or on the next working day", area, kind, c -> c[2], key);
                gauge(registry, "bridge.clocks.open.provisional",
                        "Open statutory clocks whose due date is provisional (a year without a loaded calendar)", area,
                        kind, c -> c[3], key);
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Map.Entry<String, String> area,
                       String kind, ToDoubleFunction<long[]> column, String key) {
        Gauge.builder(name, counts, c -> column.applyAsDouble(c.get().getOrDefault(key, NONE)))
                .description(description).tag("prefecture", area.getKey()).tag("prefecture_name", area.getValue())
                .tag("kind", kind).register(registry);
    }

    private Map<String, long[]> count() {
        LocalDate today = LocalDate.now(clock.withZone(SICHUAN));
        LocalDate soon = nextWorkingDay(today);
        Map<String, long[]> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT f.authority_area, c.clock_kind, COUNT(*),
                          SUM(CASE WHEN c.due_date < :today THEN 1 ELSE 0 END),
                          SUM(CASE WHEN c.due_date >= :today AND c.due_date <= :soon THEN 1 ELSE 0 END),
                          SUM(CASE WHEN c.provisional THEN 1 ELSE 0 END)
                        FROM case_clock c JOIN filing_case f ON f.case_id = c.case_id
                        WHERE c.stopped_at IS NULL AND c.expired_at IS NULL
                        GROUP BY f.authority_area, c.clock_kind""")
                .param("today", today).param("soon", soon)
                .query(rs -> {
                    long[] row = counts.computeIfAbsent(area(rs.getString(1)) + "|" + rs.getString(2),
                            k -> new long[4]);
                    for (int i = 0; i < 4; i++) {
                        row[i] += rs.getLong(3 + i);
                    }
                });
        return counts;
    }

    /** The prefecture a stored authority area counts under: its 市（州）'s {@code XXXX00}, or the province. */
    private String area(String authorityArea) {
        if (authorityArea == null || authorityArea.length() < 4) {
            return UNASSIGNED;
        }
        String prefecture = authorityArea.substring(0, 4) + "00";
        return areas.containsKey(prefecture) ? prefecture : UNASSIGNED;
    }

    /** The first working day after {@code today} by the calendar in use (past a long holiday: its end). */
    private LocalDate nextWorkingDay(LocalDate today) {
        LocalDate day = today.plusDays(1);
        for (int i = 0; i < MAX_DAYS_OFF && !calendar.day(day).workingDay(); i++) {
            day = day.plusDays(1);
        }
        return day;
    }
}
