package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact dates across the 2026 holidays and make-up working days; the day of the event is not counted. */
class WorkingDayCalendarTest {

    static final WorkingDayCalendar CALENDAR = load();

    static WorkingDayCalendar load() {
        try (var in = WorkingDayCalendarTest.class.getResourceAsStream("/calendar/2026.json")) {
            return new WorkingDayCalendar(List.of(JsonMapper.builder().addModule(new JavaTimeModule()).build()
                    .readValue(in, WorkingDayCalendar.Year.class)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} + {1} working days = {2} ({3})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-27 | 5  | 2026-12-04 | an ordinary week: Friday to Friday
            2026-11-27 | 15 | 2026-12-18 | the filing clock from an ordinary Friday
            2026-02-13 | 5  | 2026-02-27 | before 春节: Sat 14 works, 15–23 off
            2026-02-13 | 1  | 2026-02-14 | the make-up Saturday is the first working day
            2026-02-27 | 1  | 2026-02-28 | Saturday 28 February works
            2026-02-10 | 15 | 2026-03-09 | 15 days across the whole 春节 week
            2026-09-30 | 5  | 2026-10-13 | before 国庆: 1–7 off, Sat 10 works, Sun 11 off
            2026-09-18 | 1  | 2026-09-20 | Sunday 20 September works
            2026-09-24 | 1  | 2026-09-28 | 中秋 25–27 off
            2026-04-03 | 1  | 2026-04-07 | 清明 4–6 off
            2026-04-30 | 3  | 2026-05-08 | 劳动节 1–5 off: Wed 6, Thu 7, Fri 8
            2026-04-30 | 4  | 2026-05-09 | and Saturday 9 May works
            2025-12-31 | 1  | 2026-01-04 | 元旦 1–3 January off, the make-up Sunday 4 January works
            2025-12-31 | 5  | 2026-01-08 | 元旦 and the make-up Sunday: 4, 5, 6, 7, 8 January
            2026-01-02 | 1  | 2026-01-04 | from inside 元旦: the make-up Sunday is the first working day
            2026-06-18 | 1  | 2026-06-22 | 端午 19–21 June off (Friday to Sunday)
            2026-06-17 | 5  | 2026-06-25 | across 端午: 18, 22, 23, 24, 25 June
            """)
    void deadlines(String from, int days, String expected, String why) {
        WorkingDayCalendar.Deadline d = CALENDAR.deadline(LocalDate.parse(from), days);
        assertThat(d.deadline()).as(why).isEqualTo(LocalDate.parse(expected));
        assertThat(d.provisional()).isFalse();
    }

    @Test
    void daysSayWhyTheyAreOrAreNotWorkingDays() {
        assertThat(CALENDAR.day(LocalDate.parse("2026-02-14"))).extracting("workingDay", "reason")
                .containsExactly(true, "调休上班（春节）");
        assertThat(CALENDAR.day(LocalDate.parse("2026-10-01"))).extracting("workingDay", "reason")
                .containsExactly(false, "法定节假日：国庆节");
        assertThat(CALENDAR.day(LocalDate.parse("2026-11-28"))).extracting("workingDay", "reason")
                .containsExactly(false, "周末");
        assertThat(CALENDAR.day(LocalDate.parse("2026-11-27"))).extracting("workingDay", "reason")
                .containsExactly(true, "工作日");
        assertThat(CALENDAR.day(LocalDate.parse("2026-01-01"))).extracting("workingDay", "reason")
                .containsExactly(false, "法定节假日：元旦");
        assertThat(CALENDAR.day(LocalDate.parse("2026-01-04"))).extracting("workingDay", "reason")
                .containsExactly(true, "调休上班（元旦）");
        assertThat(CALENDAR.day(LocalDate.parse("2026-06-19"))).extracting("workingDay", "reason")
                .containsExactly(false, "法定节假日：端午节");
    }

    /**
     * 元旦 2027 with a test calendar for 2027 (the project carries none: the State Council's arrangement is not loaded).
     * 1 January 2027 is a Friday and 4 January a Monday, an ordinary working day, not a make-up day (that was 2026's
     * Sunday 4 January): once the year is loaded, 28 Dec + 5 is Tuesday 5 January, no longer the provisional Monday 4th.
     */
    @Test
    void 元旦2027CountedOnceItsYearIsLoaded() {
        WorkingDayCalendar.Year test2027 = new WorkingDayCalendar.Year(2027, "测试数据 / test data",
                List.of(new WorkingDayCalendar.Holiday("元旦", LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-03"))),
                List.of());
        WorkingDayCalendar loaded;
        try (var in = WorkingDayCalendarTest.class.getResourceAsStream("/calendar/2026.json")) {
            loaded = new WorkingDayCalendar(List.of(JsonMapper.builder().addModule(new JavaTimeModule()).build()
                    .readValue(in, WorkingDayCalendar.Year.class), test2027));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(CALENDAR.deadline(LocalDate.parse("2026-12-28"), 5)).extracting("deadline", "provisional")
                .as("without 2027: 1 January counted").containsExactly(LocalDate.parse("2027-01-04"), true);
        assertThat(loaded.deadline(LocalDate.parse("2026-12-28"), 5)).extracting("deadline", "provisional")
                .containsExactly(LocalDate.parse("2027-01-05"), false);
        assertThat(loaded.day(LocalDate.parse("2027-01-01"))).extracting("workingDay", "reason")
                .containsExactly(false, "法定节假日：元旦");
        assertThat(loaded.day(LocalDate.parse("2027-01-04"))).extracting("workingDay", "reason")
                .containsExactly(true, "工作日");
        assertThat(loaded.deadline(LocalDate.parse("2026-12-31"), 1).deadline()).as("first working day after 元旦 2027")
                .isEqualTo(LocalDate.parse("2027-01-04"));
    }

    @Test
    void aYearWithoutItsCalendarIsCountedByWeekendsAndMarkedProvisional() {
        WorkingDayCalendar.Deadline intoNextYear = CALENDAR.deadline(LocalDate.parse("2026-12-24"), 15);
        WorkingDayCalendar.Deadline withinThisYear = CALENDAR.deadline(LocalDate.parse("2026-12-01"), 5);

        assertThat(intoNextYear.provisional()).isTrue();
        assertThat(intoNextYear.deadline()).as("weekends only in 2027: 1 January counts as a working day")
                .isEqualTo(LocalDate.parse("2027-01-14"));
        assertThat(withinThisYear.provisional()).isFalse();
        assertThat(CALENDAR.day(LocalDate.parse("2027-01-01")).reason()).contains("2027年节假日安排未载入");
    }

    @Test
    void remainingWorkingDaysCountDownAndGoNegativeWhenOverdue() {
        LocalDate deadline = LocalDate.parse("2026-02-27");
        assertThat(CALENDAR.remaining(LocalDate.parse("2026-02-13"), deadline)).isEqualTo(5);
        assertThat(CALENDAR.remaining(LocalDate.parse("2026-02-20"), deadline)).isEqualTo(4);
        assertThat(CALENDAR.remaining(deadline, deadline)).isZero();
        assertThat(CALENDAR.remaining(LocalDate.parse("2026-03-03"), deadline)).isEqualTo(-3);
    }

    @Test
    void inconsistentDataIsRefusedAtLoad() {
        var holiday = new WorkingDayCalendar.Holiday("X", LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"));
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(new WorkingDayCalendar.Year(2026, "t", List.of(holiday),
                List.of(new WorkingDayCalendar.MakeUp(LocalDate.parse("2026-03-02"), "X"))))))
                .hasMessageContaining("both a holiday and a make-up");
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(new WorkingDayCalendar.Year(2025, "t", List.of(holiday),
                List.of())))).hasMessageContaining("the 2025 calendar lists 2026-03-02");
    }

    @Test
    void aHolidayWithoutAnEndOrEndingBeforeItBeginsIsRefusedAtLoad() throws Exception {
        var json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        WorkingDayCalendar.Year noEnd = json.readValue("{\"year\": 2027, \"source\": \"t\", \"holidays\": "
                + "[{\"name\": \"元旦\", \"from\": \"2027-01-01\"}], \"makeUpWorkdays\": []}", WorkingDayCalendar.Year.class);
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(noEnd)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without both")
                .hasMessageContaining("元旦");
        var reversed = new WorkingDayCalendar.Holiday("春节", LocalDate.parse("2027-02-12"), LocalDate.parse("2027-02-06"));
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(new WorkingDayCalendar.Year(2027, "t",
                List.of(reversed), List.of())))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it begins");
        WorkingDayCalendar.Year noDate = json.readValue("{\"year\": 2027, \"source\": \"t\", \"holidays\": [], "
                + "\"makeUpWorkdays\": [{\"for\": \"春节\"}]}", WorkingDayCalendar.Year.class);
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(noDate)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without \"date\"");
    }

    @Test
    void aYearsFileMayMoveDaysOfTheDecemberBefore() throws Exception {
        // as 2019's arrangement made Sat 29 Dec 2018 a working day and took 30-31 Dec 2018 off (test data for 2027)
        WorkingDayCalendar.Year y2026;
        try (var in = WorkingDayCalendarTest.class.getResourceAsStream("/calendar/2026.json")) {
            y2026 = JsonMapper.builder().addModule(new JavaTimeModule()).build().readValue(in, WorkingDayCalendar.Year.class);
        }
        var y2027 = new WorkingDayCalendar.Year(2027, "测试数据 / test data",
                List.of(new WorkingDayCalendar.Holiday("元旦", LocalDate.parse("2026-12-31"), LocalDate.parse("2027-01-01"))),
                List.of(new WorkingDayCalendar.MakeUp(LocalDate.parse("2026-12-26"), "元旦")));
        WorkingDayCalendar both = new WorkingDayCalendar(List.of(y2026, y2027));

        assertThat(both.day(LocalDate.parse("2026-12-26")).workingDay()).as("Saturday made a working day").isTrue();
        assertThat(both.day(LocalDate.parse("2026-12-31")).workingDay()).isFalse();
        assertThat(CALENDAR.deadline(LocalDate.parse("2026-12-24"), 3).deadline()).isEqualTo(LocalDate.parse("2026-12-29"));
        assertThat(both.deadline(LocalDate.parse("2026-12-24"), 3).deadline()).as("25, Sat 26, 28 Dec")
                .isEqualTo(LocalDate.parse("2026-12-28"));
        assertThatThrownBy(() -> new WorkingDayCalendar(List.of(new WorkingDayCalendar.Year(2027, "t",
                List.of(new WorkingDayCalendar.Holiday("X", LocalDate.parse("2026-11-30"), LocalDate.parse("2026-11-30"))),
                List.of())))).as("only the December before").hasMessageContaining("the 2027 calendar lists 2026-11-30");
    }
}
