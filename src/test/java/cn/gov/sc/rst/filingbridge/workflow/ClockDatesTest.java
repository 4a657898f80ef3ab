package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.intake.CaseView;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The statutory clocks on exact 2026 dates: the kinds' working days counted by the loaded calendar (the event day not
 * counted, make-up Saturdays counted, holidays skipped), a clock reaching into 2027 marked provisional and raising the
 * alert counter, and the remaining working days and overdue flag a case shows.
 */
class ClockDatesTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Calendar calendar = calendar(meters);

    static Calendar calendar(SimpleMeterRegistry meters) {
        try {
            return new Calendar(JsonMapper.builder().addModule(new JavaTimeModule()).build(), meters,
                    Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai")), "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{1} clock from {0}: due {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-02-12 | COMPLETENESS | 2026-02-26 | accepted the Thursday before 春节: Fri 13, make-up Sat 14, then 24–26
            2026-02-12 | FILING       | 2026-03-11 | 15 days across 春节 count both make-up Saturdays 14 and 28 February
            2026-09-29 | SUPPLEMENT   | 2026-10-12 | notice before 国庆: 30 Sep, 8, 9, make-up Sat 10, Mon 12
            2026-09-28 | FILING       | 2026-10-23 | 15 days across 中秋-国庆 with the make-up Saturday 10 October
            2026-11-27 | COMPLETENESS | 2026-12-04 | an ordinary Friday: the next Friday
            2025-12-31 | SUPPLEMENT   | 2026-01-08 | SMS on 31 Dec: 元旦 1–3 January off, the make-up Sunday 4 January counted
            2025-12-31 | FILING       | 2026-01-22 | 15 days from 31 Dec: 4 January counted, 元旦 not
            2026-06-17 | COMPLETENESS | 2026-06-25 | across 端午 19–21 June: 18, 22, 23, 24, 25
            2026-06-18 | FILING       | 2026-07-10 | 15 days from the eve of 端午: from Monday 22 June
            """)
    void dueDatesIn2026(LocalDate start, ClockKind kind, LocalDate due, String why) {
        WorkingDayCalendar.Deadline d = calendar.deadline(start, kind.workingDays());

        assertThat(d.deadline()).as(why).isEqualTo(due);
        assertThat(d.provisional()).isFalse();
        assertThat(meters.counter("bridge.calendar.provisional").count()).isZero();
    }

    @Test
    void aClockReachingIntoAYearWithoutCalendarIsProvisionalAndAlerts() {
        WorkingDayCalendar.Deadline d = calendar.deadline(LocalDate.parse("2026-12-28"),
                ClockKind.SUPPLEMENT.workingDays());

        assertThat(d.deadline()).as("29, 30, 31 Dec, Fri 1 Jan (weekends only), Mon 4 Jan")
                .isEqualTo(LocalDate.parse("2027-01-04"));
        assertThat(d.provisional()).isTrue();
        assertThat(meters.counter("bridge.calendar.provisional").count()).isEqualTo(1.0);
    }

    @Test
    void remainingWorkingDaysAndOverdueAsTheCaseShowsThem() {
        Clocks clocks = new Clocks(null, calendar, Clock.systemUTC(), null, null);
        Clocks.Run supplement = new Clocks.Run(1, "c", ClockKind.SUPPLEMENT,
                OffsetDateTime.parse("2026-09-29T10:00+08:00"), LocalDate.parse("2026-09-29"), 5,
                LocalDate.parse("2026-10-12"), false, null, null, null, null);

        CaseView.Clock onTheNoticeDay = clocks.view(supplement, LocalDate.parse("2026-09-29"));
        CaseView.Clock inTheHolidays = clocks.view(supplement, LocalDate.parse("2026-10-04"));
        CaseView.Clock onTheMakeUpSaturday = clocks.view(supplement, LocalDate.parse("2026-10-10"));
        CaseView.Clock onTheDueDay = clocks.view(supplement, LocalDate.parse("2026-10-12"));
        CaseView.Clock dayAfter = clocks.view(supplement, LocalDate.parse("2026-10-13"));

        assertThat(onTheNoticeDay.remainingWorkingDays()).isEqualTo(5);
        assertThat(inTheHolidays.remainingWorkingDays()).isEqualTo(4);
        assertThat(onTheMakeUpSaturday.remainingWorkingDays()).isEqualTo(1);
        assertThat(onTheDueDay.remainingWorkingDays()).isZero();
        assertThat(onTheDueDay.overdue()).isFalse();
        assertThat(dayAfter.remainingWorkingDays()).isEqualTo(-1);
        assertThat(dayAfter.overdue()).isTrue();
    }

    @Test
    void aStoppedClockShowsWhatWasLeftWhenItStopped() {
        Clocks clocks = new Clocks(null, calendar, Clock.systemUTC(), null, null);
        Clocks.Run stopped = new Clocks.Run(2, "c", ClockKind.COMPLETENESS,
                OffsetDateTime.parse("2026-02-12T09:00+08:00"), LocalDate.parse("2026-02-12"), 5,
                LocalDate.parse("2026-02-26"), false, OffsetDateTime.parse("2026-02-14T11:00+08:00"), "材料齐全",
                null, null);

        CaseView.Clock view = clocks.view(stopped, LocalDate.parse("2026-11-27"));

        assertThat(view.remainingWorkingDays()).as("24, 25, 26 Feb left on the make-up Saturday").isEqualTo(3);
        assertThat(view.overdue()).isFalse();
        assertThat(view.stopReason()).isEqualTo("材料齐全");
    }
}
