package cn.gov.sc.rst.filingbridge.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/ops/v1/institutions/import} over plain HTTP (the browser tests' gateway, with its 成都 operator):
 * CSV and JSON; a file with a bad row imports nothing and names every bad row; a 市（州） operator is refused; the same
 * file again changes nothing; every attempt is recorded in {@code operator_action}.
 */
class InstitutionImportIT extends BrowserTestSupport {

    @Override
    protected org.openqa.selenium.WebDriver driver() {
        throw new UnsupportedOperationException("plain HTTP: no browser here");
    }

    private HttpResponse<String> post(String body, String contentType, String user, String password) {
        return client().send(HttpRequest.newBuilder(URI.create(url("/api/ops/v1/institutions/import")))
                .header("Authorization", basicAuth(user, password))
                .header("Content-Type", contentType + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> asProvince(String body, String contentType) {
        return post(body, contentType, OPERATOR, OPERATOR_PASSWORD);
    }

    private static String number() {
        return "Y000051" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    private Map<String, Object> imported(String number) {
        return jdbc.sql("SELECT name, authority_area, authority_name, imported_by FROM imported_institution "
                + "WHERE filing_number = ?").param(number).query().singleRow();
    }

    private long importedCount(String... numbers) {
        long n = 0;
        for (String number : numbers) {
            n += jdbc.sql("SELECT COUNT(*) FROM imported_institution WHERE filing_number = ?").param(number)
                    .query(Long.class).single();
        }
        return n;
    }

    private List<Map<String, Object>> actionsSince(long actionId) {
        return jdbc.sql("SELECT operator_name, area, action, outcome FROM operator_action WHERE action_id > ? "
                + "AND action = 'import-institutions' ORDER BY action_id").param(actionId).query().listOfRows();
    }

    private long lastActionId() {
        return jdbc.sql("SELECT COALESCE(MAX(action_id), 0) FROM operator_action").query(Long.class).single();
    }

    @Test
    void aCsvFileImportsEachInstitutionWithItsAuthorityAndAgainChangesNothing() throws Exception {
        String chengdu = number();
        String province = number();
        String csv = "BAH,name,authority\r\n" + chengdu + ",\"成都市某某职业技能考核鉴定所\",510100\r\n"
                + province + ",四川省某某职业技能考核鉴定站,510000\r\n";
        long before = lastActionId();

        HttpResponse<String> first = asProvince(csv, "text/csv");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode outcomes = json.readTree(first.body()).get("outcomes");
        assertThat(outcomes.get("added").toString()).contains(chengdu).contains(province);
        assertThat(imported(chengdu)).containsEntry("NAME", "成都市某某职业技能考核鉴定所")
                .containsEntry("AUTHORITY_AREA", "510100").containsEntry("AUTHORITY_NAME", "成都市人力资源和社会保障局")
                .containsEntry("IMPORTED_BY", OPERATOR);
        assertThat(imported(province)).containsEntry("AUTHORITY_AREA", "510000")
                .containsEntry("AUTHORITY_NAME", "四川省人力资源和社会保障厅");

        HttpResponse<String> again = asProvince(csv, "text/csv");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode second = json.readTree(again.body()).get("outcomes");
        assertThat(second.has("added")).isFalse();
        assertThat(second.get("unchanged").toString()).contains(chengdu).contains(province);
        assertThat(imported(chengdu)).containsEntry("NAME", "成都市某某职业技能考核鉴定所");
        List<Map<String, Object>> actions = actionsSince(before);
        assertThat(actions).hasSize(2).allSatisfy(a -> assertThat(a).containsEntry("OPERATOR_NAME", OPERATOR)
                .containsEntry("AREA", "510000"));
        assertThat(actions.get(0).get("OUTCOME").toString()).isEqualTo("2 added");
        assertThat(actions.get(1).get("OUTCOME").toString()).isEqualTo("2 unchanged");
    }

    @Test
    void aJsonFileImportsLikeTheCsv() throws Exception {
        String a = number();
        String b = number();
        String body = "[{\"BAH\":\"" + a + "\",\"name\":\"绵阳市某职业技能考核鉴定所\",\"authority\":\"510700\"},"
                + "{\"BAH\":\"" + b + "\",\"name\":\"成都市另一职业技能考核鉴定站\",\"authority\":\"510100\"}]";

        HttpResponse<String> answer = asProvince(body, "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).at("/outcomes/added").toString()).contains(a).contains(b);
        assertThat(imported(a)).containsEntry("AUTHORITY_AREA", "510700").containsEntry("AUTHORITY_NAME",
                "绵阳市人力资源和社会保障局");
        assertThat(asProvince(body, "application/json").body()).contains("unchanged").doesNotContain("added");
    }

    @Test
    void aFileWithBadRowsImportsNothingAndNamesEveryBadRow() throws Exception {
        String good = number();
        String duplicate = number();
        String csv = "BAH,name,authority\n"
                + good + ",成都市好职业技能考核鉴定所,510100\n"          // row 1: fine
                + "Y00005112345,短号机构,510100\n"                          // row 2: filing number too short
                + duplicate + ",,510100\n"                                  // row 3: no name
                + duplicate + ",重复机构,510199\n"                          // row 4: duplicate number, not an authority
                + "only,two\n";                                             // row 5: two columns
        long before = lastActionId();

        HttpResponse<String> answer = asProvince(csv, "text/csv");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        List<String> errors = new ArrayList<>();
        json.readTree(answer.body()).get("errors").forEach(e -> {
            errors.add(e.get("row").asInt() + " " + e.get("field").asText() + " " + e.get("rule").asText());
            assertThat(e.get("messageZh").asText()).isNotBlank();
            assertThat(e.get("messageEn").asText()).isNotBlank();
        });
        assertThat(errors).containsExactlyInAnyOrder("2 BAH filing-number", "3 name required",
                "4 BAH duplicate", "4 authority authority-code", "5 $ malformed");
        assertThat(importedCount(good, duplicate)).as("nothing imported, not even the good row").isZero();
        assertThat(actionsSince(before)).singleElement().satisfies(a -> assertThat(a.get("OUTCOME").toString())
                .startsWith("refused: 5 bad row(s)"));

        HttpResponse<String> json400 = asProvince("{\"BAH\":\"" + good + "\"}", "application/json");
        assertThat(json400.statusCode()).isEqualTo(400);
        assertThat(json400.body()).contains("malformed");
        assertThat(importedCount(good)).isZero();
    }

    @Test
    void aRowConflictingWithAnEarlierImportImportsNothing() throws Exception {
        String known = number();
        String fresh = number();
        assertThat(asProvince("BAH,name,authority\n" + known + ",成都市甲职业技能考核鉴定所,510100\n", "text/csv")
                .statusCode()).isEqualTo(200);

        HttpResponse<String> answer = asProvince("BAH,name,authority\n" + fresh + ",成都市乙职业技能考核鉴定所,510100\n"
                + known + ",成都市甲职业技能考核鉴定所,510700\n", "text/csv");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json.readTree(answer.body()).at("/errors/0/row").asInt()).isEqualTo(2);
        assertThat(json.readTree(answer.body()).at("/errors/0/rule").asText()).isEqualTo("conflicting-import");
        assertThat(importedCount(fresh)).as("the transaction is rolled back").isZero();
        assertThat(imported(known)).containsEntry("AUTHORITY_AREA", "510100");
    }

    @Test
    void aCityOperatorIsRefusedAndTheRefusalIsRecorded() throws Exception {
        String number = number();
        long before = lastActionId();

        HttpResponse<String> answer = post("BAH,name,authority\n" + number + ",成都市丙职业技能考核鉴定所,510100\n",
                "text/csv", CHENGDU, PASSWORD);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("省级");
        assertThat(importedCount(number)).isZero();
        assertThat(actionsSince(before)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("OPERATOR_NAME", CHENGDU).containsEntry("AREA", "510100")
                .containsEntry("OUTCOME", "refused: not a province operator"));
        assertThat(client().send(HttpRequest.newBuilder(URI.create(url("/api/ops/v1/institutions/import")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("BAH,name,authority\n"))
                .build()).statusCode()).as("no login").isEqualTo(401);
    }
}
