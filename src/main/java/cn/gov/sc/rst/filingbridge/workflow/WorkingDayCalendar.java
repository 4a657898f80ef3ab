package cn.gov.sc.rst.filingbridge.workflow;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Working days (工作日): Monday to Friday, less the statutory holidays, plus the make-up working days (调休) that the
 * State Council sets each year, from one loaded year file per year. A year with no file is counted by weekends only
 * and every answer touching it says {@code provisional}. Plain Java: no clock, no Spring.
 */
public final class WorkingDayCalendar {

    /** One year as its data file states it. */
    public record Year(int year, String source, List<Holiday> holidays, List<MakeUp> makeUpWorkdays) {
    }

    public record Holiday(String name, LocalDate from, LocalDate to) {
    }

    public record MakeUp(LocalDate date, @com.fasterxml.jackson.annotation.JsonProperty("for") String forHoliday) {
    }

    /** What a day is, and why. */
    public record Day(LocalDate date, boolean workingDay, String reason, boolean provisional) {
    }

    /** A deadline: the date, and whether an unloaded year was counted by weekends only. */
    public record Deadline(LocalDate from, int workingDays, LocalDate deadline, boolean provisional) {
    }

    private final Map<LocalDate, String> holidays = new HashMap<>();
    private final Map<LocalDate, String> makeUps = new HashMap<>();
    private final Set<Integer> years;
    private final Map<Integer, String> sources = new java.util.TreeMap<>();

    public WorkingDayCalendar(List<Year> loaded) {
        for (Year y : loaded) {
            for (Holiday h : y.holidays() == null ? List.<Holiday>of() : y.holidays()) {
                if (h == null || h.from() == null || h.to() == null) {
                    throw new IllegalArgumentException("the " + y.year() + " calendar has a holiday without both"
                            + " \"from\" and \"to\"" + (h == null || h.name() == null ? "" : " (" + h.name() + ")"));
                }
                if (h.to().isBefore(h.from())) {
                    throw new IllegalArgumentException("the " + y.year() + " calendar's holiday " + h.name() + " ends "
                            + h.to() + ", before it begins " + h.from());
                }
                for (LocalDate d = h.from(); !d.isAfter(h.to()); d = d.plusDays(1)) {
                    checkYear(y, d);
                    holidays.put(d, h.name());
                }
            }
            for (MakeUp m : y.makeUpWorkdays() == null ? List.<MakeUp>of() : y.makeUpWorkdays()) {
                if (m == null || m.date() == null) {
                    throw new IllegalArgumentException("the " + y.year() + " calendar has a make-up working day"
                            + " without \"date\"");
                }
                checkYear(y, m.date());
                if (holidays.containsKey(m.date())) {
                    throw new IllegalArgumentException(m.date() + " is both a holiday and a make-up working day");
                }
                makeUps.put(m.date(), m.forHoliday());
            }
        }
        this.years = Set.copyOf(loaded.stream().map(Year::year).toList());
        loaded.forEach(y -> sources.put(y.year(), y.source()));
    }

    /** Each loaded year and the source its file names (the State Council's notice), in order of the years. */
    public Map<Integer, String> sources() {
        return java.util.Collections.unmodifiableMap(sources);
    }

    /**
     * A year's file lists the days of its year, and may list days of the December before: the State Council's
     * arrangement for a year can move the end of the year before (2019's made Sat 29 Dec 2018 a working day and took
     * 30-31 Dec 2018 off for 元旦).
     */
    private static void checkYear(Year y, LocalDate d) {
        boolean december = d.getYear() == y.year() - 1 && d.getMonthValue() == 12;
        if (d.getYear() != y.year() && !december) {
            throw new IllegalArgumentException("the " + y.year() + " calendar lists " + d);
        }
    }

    /** The years loaded, in order. */
    public List<Integer> years() {
        return years.stream().sorted().toList();
    }

    public boolean isLoaded(int year) {
        return years.contains(year);
    }

    public Day day(LocalDate date) {
        boolean provisional = !isLoaded(date.getYear());
        String holiday = holidays.get(date);
        if (holiday != null) {
            return new Day(date, false, "法定节假日：" + holiday, provisional);
        }
        String makeUp = makeUps.get(date);
        if (makeUp != null) {
            return new Day(date, true, "调休上班（" + makeUp + "）", provisional);
        }
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        String unloaded = provisional ? "（" + date.getYear() + "年节假日安排未载入，暂按周末计算）" : "";
        return weekend ? new Day(date, false, "周末" + unloaded, provisional)
                : new Day(date, true, "工作日" + unloaded, provisional);
    }

    /**
     * The date on which {@code workingDays} working days after {@code from} have passed. The day of the event is not
     * counted: counting starts with the next working day (DOMAIN: 三 and 附件2).
     */
    public Deadline deadline(LocalDate from, int workingDays) {
        if (workingDays < 1) {
            throw new IllegalArgumentException("workingDays must be at least 1, was " + workingDays);
        }
        boolean provisional = false;
        LocalDate d = from;
        int counted = 0;
        while (counted < workingDays) {
            d = d.plusDays(1);
            Day day = day(d);
            provisional |= day.provisional();
            if (day.workingDay()) {
                counted++;
            }
        }
        return new Deadline(from, workingDays, d, provisional);
    }

    /** Working days left from {@code today} (not counted) until {@code deadline} (counted); negative when overdue. */
    public int remaining(LocalDate today, LocalDate deadline) {
        int sign = today.isAfter(deadline) ? -1 : 1;
        LocalDate a = sign > 0 ? today : deadline;
        LocalDate b = sign > 0 ? deadline : today;
        int n = 0;
        for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
            if (day(d).workingDay()) {
                n++;
            }
        }
        return sign * n;
    }
}
