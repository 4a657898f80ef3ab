package cn.gov.sc.rst.filingbridge.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;

/**
 * The working-day calendar as the gateway uses it: every {@code calendar/<year>.json} on the classpath, each naming its
 * source. Counting into a year that is not loaded still answers, marked provisional, and raises an alert: a WARN log
 * line per year and the counter {@code bridge.calendar.provisional}.
 */
@Service
public class Calendar {

    private static final Logger log = LoggerFactory.getLogger(Calendar.class);
    static final String FILES = "classpath:calendar/*.json";

    private final WorkingDayCalendar calendar;
    private final Counter provisional;
    private final Set<Integer> alerted = ConcurrentHashMap.newKeySet();

    Calendar(ObjectMapper json, MeterRegistry meters, Clock clock) throws IOException {
        List<WorkingDayCalendar.Year> years = new ArrayList<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources(FILES)) {
            try (InputStream in = r.getInputStream()) {
                WorkingDayCalendar.Year year = json.readValue(in, WorkingDayCalendar.Year.class);
                years.add(year);
                log.info("working-day calendar {} loaded from {} ({})", year.year(), r.getFilename(), year.source());
            }
        }
        this.calendar = new WorkingDayCalendar(years);
        this.provisional = Counter.builder("bridge.calendar.provisional")
                .description("deadlines counted into a year whose holiday arrangement is not loaded")
                .register(meters);
        int thisYear = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai"))).getYear();
        if (!calendar.isLoaded(thisYear)) {
            alert(thisYear);
        }
    }

    public WorkingDayCalendar.Deadline deadline(LocalDate from, int workingDays) {
        WorkingDayCalendar.Deadline d = calendar.deadline(from, workingDays);
        if (d.provisional()) {
            provisional.increment();
            for (int y = from.getYear(); y <= d.deadline().getYear(); y++) {
                if (!calendar.isLoaded(y)) {
                    alert(y);
                }
            }
        }
        return d;
    }

    public WorkingDayCalendar.Day day(LocalDate date) {
        return calendar.day(date);
    }

    public int remaining(LocalDate today, LocalDate deadline) {
        return calendar.remaining(today, deadline);
    }

    private void alert(int year) {
        if (alerted.add(year)) {
            log.warn("ALERT: no working-day calendar for {} is loaded; deadlines in {} are provisional (weekends only) "
                    + "until calendar/{}.json from the State Council's holiday notice is added", year, year, year);
        }
    }
}
