package cn.gov.sc.rst.filingbridge.workflow;

import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The working-day calendar as a small public API, for the platform and for checking the gateway's clocks. */
@RestController
@RequestMapping("/api/calendar/v1")
class CalendarApi {

    private final Calendar calendar;

    CalendarApi(Calendar calendar) {
        this.calendar = calendar;
    }

    @GetMapping("/deadline")
    ResponseEntity<?> deadline(@RequestParam String from, @RequestParam String workingDays) {
        LocalDate start;
        int n;
        try {
            start = LocalDate.parse(from);
            n = Integer.parseInt(workingDays);
        } catch (DateTimeParseException | NumberFormatException e) {
            return bad("from 须为 YYYY-MM-DD，workingDays 须为整数 / from must be YYYY-MM-DD and workingDays an integer");
        }
        if (n < 1 || n > 366) {
            return bad("workingDays 须在 1–366 之间 / workingDays must be between 1 and 366");
        }
        WorkingDayCalendar.Deadline d = calendar.deadline(start, n);
        return ResponseEntity.ok(Map.of("from", d.from().toString(), "workingDays", d.workingDays(),
                "deadline", d.deadline().toString(), "provisional", d.provisional()));
    }

    @GetMapping("/days/{date}")
    ResponseEntity<?> day(@PathVariable String date) {
        try {
            WorkingDayCalendar.Day d = calendar.day(LocalDate.parse(date));
            return ResponseEntity.ok(Map.of("date", d.date().toString(), "workingDay", d.workingDay(),
                    "reason", d.reason(), "provisional", d.provisional()));
        } catch (DateTimeParseException e) {
            return bad("日期须为 YYYY-MM-DD / the date must be YYYY-MM-DD");
        }
    }

    private static ResponseEntity<?> bad(String message) {
        return ResponseEntity.badRequest().header("Content-Type", ProblemJson.MEDIA_TYPE)
                .body(ProblemJson.of(400, "bad-request", message));
    }
}
