package cn.gov.sc.rst.filingbridge.workflow;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Loading a new or corrected year's calendar without a restart: the calendar files are read again
 * ({@link Calendar#reload()}) and every open deadline is counted again with them, so a clock that ran into a year
 * without a loaded calendar gets its final due date, and one counted across days a corrected file changes moves. Each instance holds its own calendar in memory, so each also looks at
 * {@code bridge.calendar.dir} every {@code bridge.calendar.check-interval} (default 1 minute) and reloads by itself when
 * the year files there changed: a file put into the directory of every instance (or a shared one) is in use everywhere
 * within that interval. {@code POST /api/ops/v1/calendar/reload} does the same at once on the instance it reaches.
 */
@Service
public class CalendarReload {

    private static final Logger log = LoggerFactory.getLogger(CalendarReload.class);

    private final Calendar calendar;
    private final Clocks clocks;

    CalendarReload(Calendar calendar, Clocks clocks) {
        this.calendar = calendar;
        this.clocks = clocks;
    }

    /** What a reload did: the years now loaded and how many open deadlines were recounted (changed). */
    public record Result(List<Integer> years, int recounted) {
    }

    /** Reloads; an unreadable or contradictory file refuses the reload (the calendar in use stays) with the reason. */
    public Result reload() throws IOException {
        List<Integer> years = calendar.reload();
        return new Result(years, clocks.recount());
    }

    @Scheduled(fixedDelayString = "${bridge.calendar.check-interval:1m}",
            initialDelayString = "${bridge.calendar.check-interval:1m}")
    void scheduledCheck() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("calendar directory check failed: {}", e.toString());
        }
    }

    /**
     * Reloads when the year files in {@code bridge.calendar.dir} changed since they were last loaded; empty when they
     * did not, or when this state of the directory was refused before.
     */
    public Optional<Result> reloadIfChanged() {
        Optional<String> changed;
        try {
            changed = calendar.directoryChange();
        } catch (IOException e) {
            log.error("calendar directory cannot be read: {}", e.getMessage());
            return Optional.empty();
        }
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        try {
            Result result = reload();
            log.info("calendar directory changed: years {} loaded, {} open deadline(s) recounted",
                    result.years(), result.recounted());
            return Optional.of(result);
        } catch (IOException e) {
            calendar.directoryRefused(changed.get());
            log.error("ALERT: the changed calendar directory was not loaded, the calendar in use stays: {}",
                    e.getMessage());
            return Optional.empty();
        }
    }
}
