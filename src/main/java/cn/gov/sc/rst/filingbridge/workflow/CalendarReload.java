package cn.gov.sc.rst.filingbridge.workflow;

import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Loading a new year's calendar without a restart: the calendar files are read again ({@link Calendar#reload()}) and
 * every open provisional deadline is counted again with them, so a clock that ran into a year without a loaded
 * calendar gets its final due date. Each instance of the gateway holds its own calendar: reload each one (or restart).
 */
@Service
public class CalendarReload {

    private final Calendar calendar;
    private final Clocks clocks;

    CalendarReload(Calendar calendar, Clocks clocks) {
        this.calendar = calendar;
        this.clocks = clocks;
    }

    /** What a reload did: the years now loaded and how many open deadlines were recounted. */
    public record Result(List<Integer> years, int recounted) {
    }

    /** Reloads; an unreadable or contradictory file refuses the reload (the calendar in use stays) with the reason. */
    public Result reload() throws IOException {
        List<Integer> years = calendar.reload();
        return new Result(years, clocks.recomputeProvisional());
    }
}
