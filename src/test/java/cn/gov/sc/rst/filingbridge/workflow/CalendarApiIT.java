package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The calendar's public API: no login, exact dates, provisional years, clear 400s. */
class CalendarApiIT extends WindowTestSupport {

    private HttpResponse<String> get(String path) {
        return client().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build());
    }

    @Test
    void deadlineAcrossTheSpringFestival() throws Exception {
        HttpResponse<String> response = get("/api/calendar/v1/deadline?from=2026-02-13&workingDays=5");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("deadline").asText()).isEqualTo("2026-02-27");
        assertThat(body.get("provisional").asBoolean()).isFalse();
    }

    @Test
    void aDeadlineInAYearWithoutItsCalendarIsProvisional() throws Exception {
        JsonNode body = json.readTree(get("/api/calendar/v1/deadline?from=2026-12-24&workingDays=15").body());
        assertThat(body.get("deadline").asText()).isEqualTo("2027-01-14");
        assertThat(body.get("provisional").asBoolean()).isTrue();
    }

    @Test
    void aDaySaysWhy() throws Exception {
        JsonNode makeUp = json.readTree(get("/api/calendar/v1/days/2026-10-10").body());
        JsonNode holiday = json.readTree(get("/api/calendar/v1/days/2026-10-08").body());
        assertThat(makeUp.get("workingDay").asBoolean()).isTrue();
        assertThat(makeUp.get("reason").asText()).isEqualTo("调休上班（国庆节）");
        assertThat(holiday.get("workingDay").asBoolean()).isTrue();
        assertThat(json.readTree(get("/api/calendar/v1/days/2026-10-07").body()).get("reason").asText())
                .isEqualTo("法定节假日：国庆节");
    }

    @Test
    void badInputIs400() {
        assertThat(get("/api/calendar/v1/deadline?from=2026-13-01&workingDays=5").statusCode()).isEqualTo(400);
        assertThat(get("/api/calendar/v1/deadline?from=2026-02-13&workingDays=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/calendar/v1/days/yesterday").statusCode()).isEqualTo(400);
    }
}
