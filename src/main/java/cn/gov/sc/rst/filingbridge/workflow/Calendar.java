package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.wiring.DataFileDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;

/**
 * The working-day calendar as the gateway uses it: every {@code calendar/<year>.json} on the classpath and every
 * {@code <year>.json} in the directory {@code bridge.calendar.dir} (where operators put a new year's file when the State
 * Council publishes it; it replaces a packaged year), each naming its source; {@link #reload()} reads them again. Counting into a year that is not loaded still answers, marked provisional, and raises an alert: a WARN log
 * line per year and the counter {@code bridge.calendar.provisional}.
 */
@Service
public class Calendar {

    private static final Logger log = LoggerFactory.getLogger(Calendar.class);
    static final String FILES = "classpath:calendar/*.json";
    private static final java.util.regex.Pattern YEAR_FILE = java.util.regex.Pattern.compile("\\d{4}\\.json");

    private final ObjectMapper json;
    private final DataFileDirectory files;
    private volatile WorkingDayCalendar calendar;
    private final Counter provisional;
    private final Set<Integer> alerted = ConcurrentHashMap.newKeySet();

    Calendar(ObjectMapper json, MeterRegistry meters, Clock clock,
             @Value("${bridge.calendar.dir:}") String directory) throws IOException {
        this.json = json;
        this.files = new DataFileDirectory(directory == null || directory.isBlank() ? null : Path.of(directory),
                YEAR_FILE);
        String stamp = files.stamp();
        this.calendar = load();
        files.loaded(stamp);
        this.provisional = Counter.builder("bridge.calendar.provisional")
                .description("deadlines counted into a year whose holiday arrangement is not loaded")
                .register(meters);
        int thisYear = LocalDate.now(clock).getYear();
        if (!calendar.isLoaded(thisYear)) {
            alert(thisYear);
        }
    }

    /**
     * Reads the year files again (the packaged ones, then {@code <year>.json} in {@code bridge.calendar.dir}, which
     * replace a packaged year) and counts with them from now on. A file that cannot be read or contradicts itself
     * refuses the reload and the calendar in use stays. Returns the years now loaded. Open deadlines are recounted by
     * {@link CalendarReload}.
     */
    public synchronized List<Integer> reload() throws IOException {
        String stamp = files.stamp();
        WorkingDayCalendar loaded = load();
        this.calendar = loaded;
        files.loaded(stamp);
        List<Integer> years = loaded.years();
        alerted.removeIf(years::contains);
        return years;
    }

    /**
     * The state of the year files in {@code bridge.calendar.dir} when it differs from the one last loaded (files added,
     * changed, removed) and was not refused before; else empty.
     */
    public Optional<String> directoryChange() throws IOException {
        return files.changed();
    }

    /** A reload of the directory in state {@code stamp} was refused: not tried again until the files change. */
    void directoryRefused(String stamp) {
        files.refused(stamp);
    }

    private WorkingDayCalendar load() throws IOException {
        Map<Integer, WorkingDayCalendar.Year> years = new TreeMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources(FILES)) {
            try (InputStream in = r.getInputStream()) {
                read(in, r.getDescription(), years);
            }
        }
        for (Path f : files.files()) {
            try (InputStream in = Files.newInputStream(f)) {
                read(in, f.toString(), years);
            }
        }
        try {
            return new WorkingDayCalendar(List.copyOf(years.values()));
        } catch (IllegalArgumentException e) {
            throw new IOException("the working-day calendar files contradict themselves: " + e.getMessage(), e);
        }
    }

    private void read(InputStream in, String where, Map<Integer, WorkingDayCalendar.Year> years) throws IOException {
        WorkingDayCalendar.Year year;
        try {
            year = json.readValue(in, WorkingDayCalendar.Year.class);
        } catch (IOException e) {
            throw new IOException("calendar file " + where + " is unreadable: " + e.getMessage(), e);
        }
        if (year == null || year.source() == null || year.source().isBlank() || year.holidays() == null
                || year.makeUpWorkdays() == null) {
            throw new IOException("calendar file " + where + " must give year, source, holidays and makeUpWorkdays");
        }
        years.put(year.year(), year);
        log.info("working-day calendar {} loaded from {} ({})", year.year(), where, year.source());
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

    /** The years in use and the source each names. */
    public Map<Integer, String> sources() {
        return calendar.sources();
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
