package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new year's calendar loaded without a restart: a clock counted into 2027 (no calendar yet) is provisional; once an
 * operator puts {@code 2027.json} into {@code bridge.calendar.dir} and reloads, its due date is final and counts the
 * file's holiday. A file that contradicts itself refuses the reload and the calendar in use stays; a 市（州） operator may
 * not reload the province's calendar. Without an operator, each instance loads a changed directory by itself. The 2027
 * and 2029 files here are test data, not the State Council's arrangements.
 */
class CalendarReloadIT extends WindowTestSupport {

    static final Path DATA_DIR = DataDirs.fresh("bridge-calendar-reload-it-");
    static final Path CALENDAR_DIR = DataDirs.fresh("bridge-calendar-files-");
    static final String CITY_OPERATOR = "ops-chengdu";
    static final String CITY_PASSWORD = "ops-chengdu-password";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Clocks clocks;
    @Autowired
    CalendarReload calendarReload;

    @DynamicPropertySource
    static void calendarDirectory(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", DATA_DIR::toString);
        registry.add("bridge.calendar.dir", CALENDAR_DIR::toString);
        // the tests call reloadIfChanged() themselves, so that no scheduled check reloads under them
        registry.add("bridge.calendar.check-interval", () -> "1h");
        registry.add("bridge.operators." + CITY_OPERATOR + ".password-hash", () -> PasswordEncoderFactories
                .createDelegatingPasswordEncoder().encode(CITY_PASSWORD));
        registry.add("bridge.operators." + CITY_OPERATOR + ".area", () -> "510100");
    }

    @Test
    void aNewYearsFileMakesProvisionalDeadlinesFinalWithoutARestart() throws Exception {
        String caseId = submitValidCase("SC-CAL-").caseId();
        Clocks.Run run = clocks.start(caseId, ClockKind.FILING, OffsetDateTime.parse("2026-12-28T10:00:00+08:00"));
        assertThat(run.provisional()).as("15 working days from Mon 28 Dec 2026 run into 2027").isTrue();
        assertThat(run.dueDate()).as("weekends only: 1 Jan counted").isEqualTo(LocalDate.of(2027, 1, 18));

        HttpResponse<String> city = reload(CITY_OPERATOR, CITY_PASSWORD);
        assertThat(city.statusCode()).isEqualTo(403);

        Files.writeString(CALENDAR_DIR.resolve("2027.json"), """
                {"year": 2027, "source": "测试数据 / test data (not the State Council's 2027 arrangement)",
                 "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
                 "makeUpWorkdays": []}""", StandardCharsets.UTF_8);
        HttpResponse<String> reloaded = reload(OPERATOR, OPERATOR_PASSWORD);

        assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
        assertThat(json.readTree(reloaded.body()).get("years").toString()).isEqualTo("[2026,2027]");
        assertThat(json.readTree(reloaded.body()).get("recounted").asInt()).isGreaterThanOrEqualTo(1);
        Clocks.Run after = clocks.open(caseId, ClockKind.FILING).orElseThrow();
        assertThat(after.provisional()).isFalse();
        assertThat(after.dueDate()).as("1 Jan 2027 is now a holiday").isEqualTo(LocalDate.of(2027, 1, 19));
        assertThat(jdbc.sql("SELECT outcome FROM operator_action WHERE action = 'reload-calendar' AND operator_name = ?")
                .param(CITY_OPERATOR).query(String.class).list()).containsExactly("refused");
        assertThat(jdbc.sql("SELECT outcome FROM operator_action WHERE action = 'reload-calendar' AND operator_name = ?")
                .param(OPERATOR).query(String.class).list()).anyMatch(o -> o.startsWith("years [2026, 2027]"));
    }

    @Test
    void aCorrectedYearMovesTheOpenDeadlinesCountedAcrossIt() throws Exception {
        String caseId = submitValidCase("SC-CAL-").caseId();
        Clocks.Run run = clocks.start(caseId, ClockKind.FILING, OffsetDateTime.parse("2026-03-02T10:00:00+08:00"));
        assertThat(run.provisional()).isFalse();
        assertThat(run.dueDate()).as("15 working days from Mon 2 Mar 2026").isEqualTo(LocalDate.of(2026, 3, 23));
        // the packaged 2026 with two days more off (as the State Council extended the 2020 Spring Festival)
        com.fasterxml.jackson.databind.node.ObjectNode corrected;
        try (var in = CalendarReloadIT.class.getResourceAsStream("/calendar/2026.json")) {
            corrected = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) corrected.get("holidays")).addObject()
                .put("name", "测试调整 / test correction").put("from", "2026-03-05").put("to", "2026-03-06");
        Path file = CALENDAR_DIR.resolve("2026.json");
        Files.writeString(file, json.writeValueAsString(corrected), StandardCharsets.UTF_8);
        try {
            assertThat(calendarReload.reload().recounted()).isGreaterThanOrEqualTo(1);
            assertThat(clocks.open(caseId, ClockKind.FILING).orElseThrow().dueDate())
                    .as("5 and 6 Mar are holidays now").isEqualTo(LocalDate.of(2026, 3, 25));
        } finally {
            Files.delete(file);
            calendarReload.reload();
        }
        assertThat(clocks.open(caseId, ClockKind.FILING).orElseThrow().dueDate()).as("the packaged year again")
                .isEqualTo(LocalDate.of(2026, 3, 23));
    }

    @Test
    void aContradictoryFileRefusesTheReloadAndTheCalendarInUseStays() throws Exception {
        Path bad = CALENDAR_DIR.resolve("2028.json");
        Files.writeString(bad, """
                {"year": 2028, "source": "测试数据 / test data",
                 "holidays": [{"name": "元旦", "from": "2028-01-01", "to": "2028-01-03"}],
                 "makeUpWorkdays": [{"date": "2028-01-03", "for": "元旦"}]}""", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> answer = reload(OPERATOR, OPERATOR_PASSWORD);

            assertThat(answer.statusCode()).isEqualTo(422);
            assertThat(answer.body()).contains("2028-01-03 is both a holiday and a make-up working day");
            HttpResponse<String> day = client().get("/api/calendar/v1/days/2026-10-01");
            assertThat(json.readTree(day.body()).get("workingDay").asBoolean()).as("2026 still loaded").isFalse();
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void eachInstanceLoadsAChangedDirectoryByItselfAndReportsARefusedStateOnce() throws Exception {
        assertThat(calendarReload.reloadIfChanged()).as("nothing changed since the last load").isEmpty();
        String caseId = submitValidCase("SC-CAL-").caseId();
        Clocks.Run run = clocks.start(caseId, ClockKind.FILING, OffsetDateTime.parse("2029-01-02T10:00:00+08:00"));
        assertThat(run.provisional()).isTrue();
        assertThat(run.dueDate()).as("weekends only").isEqualTo(LocalDate.of(2029, 1, 23));
        Path year2029 = CALENDAR_DIR.resolve("2029.json");
        Path bad2030 = CALENDAR_DIR.resolve("2030.json");
        try {
            Files.writeString(year2029, """
                    {"year": 2029, "source": "测试数据 / test data (not the State Council's 2029 arrangement)",
                     "holidays": [{"name": "元旦", "from": "2029-01-01", "to": "2029-01-01"},
                                  {"name": "测试假日", "from": "2029-01-10", "to": "2029-01-10"}],
                     "makeUpWorkdays": []}""", StandardCharsets.UTF_8);

            CalendarReload.Result loaded = calendarReload.reloadIfChanged().orElseThrow();

            assertThat(loaded.years()).contains(2026, 2029);
            assertThat(loaded.recounted()).isGreaterThanOrEqualTo(1);
            Clocks.Run after = clocks.open(caseId, ClockKind.FILING).orElseThrow();
            assertThat(after.provisional()).isFalse();
            assertThat(after.dueDate()).as("10 Jan 2029 is now a holiday").isEqualTo(LocalDate.of(2029, 1, 24));
            assertThat(calendarReload.reloadIfChanged()).as("loaded once").isEmpty();

            Files.writeString(bad2030, """
                    {"year": 2030, "source": "测试数据 / test data",
                     "holidays": [{"name": "元旦", "from": "2030-01-01", "to": "2030-01-01"}],
                     "makeUpWorkdays": [{"date": "2030-01-01", "for": "元旦"}]}""", StandardCharsets.UTF_8);
            assertThat(calendarReload.reloadIfChanged()).as("a contradictory file is refused").isEmpty();
            assertThat(calendarReload.reloadIfChanged()).as("and not tried again while unchanged").isEmpty();
            HttpResponse<String> day = client().get("/api/calendar/v1/days/2029-01-10");
            assertThat(json.readTree(day.body()).get("workingDay").asBoolean()).as("2029 still loaded").isFalse();
        } finally {
            Files.deleteIfExists(bad2030);
            Files.deleteIfExists(year2029);
        }
        assertThat(calendarReload.reloadIfChanged()).as("the files removed: loaded again").isPresent();
        HttpResponse<String> day = client().get("/api/calendar/v1/days/2029-01-10");
        assertThat(json.readTree(day.body()).get("workingDay").asBoolean()).as("2029 gone again").isTrue();
    }

    private HttpResponse<String> reload(String operator, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/ops/v1/calendar/reload"))
                .header("Authorization", basicAuth(operator, password)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
