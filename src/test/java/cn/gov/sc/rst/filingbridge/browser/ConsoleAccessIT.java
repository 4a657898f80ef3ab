package cn.gov.sc.rst.filingbridge.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console's access rules over plain HTTP (same gateway as the browser tests): pages need a login, forms need a CSRF
 * token, and the operators' API keeps HTTP Basic but limits a 市（州） official to that 市（州）'s cases.
 */
class ConsoleAccessIT extends BrowserTestSupport {

    @Override
    protected org.openqa.selenium.WebDriver driver() {
        throw new UnsupportedOperationException("plain HTTP: no browser here");
    }

    private HttpResponse<String> send(String method, String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", basicAuth(user, password));
        }
        return client().send(request.build());
    }

    private long parkedRecord(String area, String authority) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String caseId = insertCase("SC-ACC-" + tag, "测试单位" + tag, "91510000MA6A" + tag.substring(0, 6), area,
                authority, "FORWARDED", "{}");
        jdbc.sql("""
                INSERT INTO outbound_record (case_id, target, record_version, idempotency_key, payload, status, attempts,
                  last_error, created_at, updated_at) VALUES (?, 'MINISTRY', 1, ?, '{}', 'PARKED', 0, 'HTTP 422 test',
                  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""").params(caseId, caseId + ":acc").update();
        return jdbc.sql("SELECT record_id FROM outbound_record WHERE case_id = ?").param(caseId).query(Long.class)
                .single();
    }

    @Test
    void consolePagesRedirectToTheLoginFormAndTheApiStillAnswersBasic() {
        HttpResponse<String> page = send("GET", "/console/cases", null, null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));
        HttpResponse<String> login = send("GET", "/console/login", null, null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("运维控制台登录").contains("name=\"_csrf\"");
        assertThat(send("GET", "/api/ops/v1/deliveries", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/ops/v1/deliveries", OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/console/cases", OPERATOR, OPERATOR_PASSWORD).statusCode())
                .as("the console takes no HTTP Basic").isEqualTo(302);
    }

    @Test
    void aFormPostWithoutCsrfTokenIsRefused() {
        assertThat(send("POST", "/console/login", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aCityOfficialNeitherListsNorReplaysAnotherCitysMessage() {
        long mianyang = parkedRecord("510700", "绵阳市人力资源和社会保障局");
        long chengdu = parkedRecord("510100", "成都市人力资源和社会保障局");

        String listed = send("GET", "/api/ops/v1/deliveries?status=PARKED", CHENGDU, PASSWORD).body();
        assertThat(listed).contains("\"recordId\":" + chengdu).doesNotContain("\"recordId\":" + mianyang);
        assertThat(send("GET", "/api/ops/v1/deliveries?status=PARKED", OPERATOR, OPERATOR_PASSWORD).body())
                .contains("\"recordId\":" + chengdu).contains("\"recordId\":" + mianyang);

        HttpResponse<String> refused = send("POST", "/api/ops/v1/deliveries/" + mianyang + "/replay?status=PARKED",
                CHENGDU, PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(statusOf(mianyang)).isEqualTo("PARKED");
        assertThat(jdbc.sql("""
                SELECT outcome FROM operator_action WHERE operator_name = ? AND target = ?""")
                .params(CHENGDU, "outbound_record " + mianyang).query(String.class).single()).contains("拒绝");

        HttpResponse<String> own = send("POST", "/api/ops/v1/deliveries/" + chengdu + "/replay?status=PARKED",
                CHENGDU, PASSWORD);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"replayed\":1");
        assertThat(jdbc.sql("""
                SELECT e.actor FROM case_event e JOIN outbound_record r ON r.case_id = e.case_id
                WHERE r.record_id = ? AND e.event_type = 'ministry-report-replayed'""")
                .param(chengdu).query(String.class).single()).isEqualTo("operator:" + CHENGDU);
    }

    private String statusOf(long recordId) {
        return jdbc.sql("SELECT status FROM outbound_record WHERE record_id = ?").param(recordId).query(String.class)
                .single();
    }
}
