package cn.gov.sc.rst.filingbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.OpenSsl;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The public directory over a register written as the workflow writes it: filters, paging and their 400s, CSV and
 * JSON exports over all pages, the change feed with its exact cursor, the signed snapshot verified with Bouncy Castle
 * and OpenSSL from what the API publishes, the page, and no personal data in any public answer.
 */
class DirectoryIT extends WindowTestSupport {

    private static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-directory-it-");
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 2, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    /** GB 11643 identity numbers and mainland mobiles: never in a public answer. */
    private static final Pattern ID_NUMBER = Pattern.compile(
            "(?<![0-9A-Za-z])[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx]");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    /** A Chengdu (city) operator: not allowed to take the province's snapshot. */
    private static final String CITY_OPERATOR = "ops-chengdu";

    private static boolean seeded;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void ownRegister(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.operators." + CITY_OPERATOR + ".password-hash", () -> PasswordEncoderFactories
                .createDelegatingPasswordEncoder().encode(OPERATOR_PASSWORD));
        registry.add("bridge.operators." + CITY_OPERATOR + ".area", () -> "510100");
    }

    @BeforeEach
    void seed() {
        synchronized (DirectoryIT.class) {
            if (seeded) {
                return;
            }
            Register register = new Register(jdbc, json);
            Register.Occupation electrician = new Register.Occupation("6-31-01-03", "电工", List.of(3, 4, 5));
            Register.Occupation cook = new Register.Occupation("4-03-02-01", "中式烹调师", List.of(1, 2, 3));
            Register.Occupation welder = new Register.Occupation("6-18-02-04", "焊工", List.of(4, 5));
            Register.Occupation tea = new Register.Occupation("4-03-02-07", "茶艺师", List.of(5));
            register.institution(new Register.Entry("Y000051000001", "成都市锦江区电工技能评价中心", "510104", "FILED",
                    LocalDate.of(2026, 1, 5), "电工等级认定；咨询请致电 " + Register.CONTACT_MOBILE,
                    List.of(electrician)), T0);
            register.institution(new Register.Entry("Y000051000002", "成都\"蓉城\",烹饪学校", "510100", "FILED",
                    LocalDate.of(2026, 1, 5), "中式烹调师一至三级", List.of(cook)), T0.plusMinutes(1));
            register.institution(new Register.Entry("Y000051000003", "绵阳市焊接培训有限公司", "510703", "FILED",
                    LocalDate.of(2026, 1, 5), "焊工四、五级；负责人身份证 " + Register.DIRECTOR_ID_NUMBER,
                    List.of(welder)), T0.plusMinutes(2));
            for (int n = 0; n < 25; n++) {
                register.institution(new Register.Entry(String.format("S0000510%05d", 100 + n),
                        "凉山州茶艺评价站" + n, "513401", "FILED", LocalDate.of(2026, 1, 5), "茶艺师五级",
                        List.of(tea)), T0.plusMinutes(10));
            }
            // the welder is revoked and the cook cancelled later; both events share one timestamp
            OffsetDateTime later = T0.plusDays(10);
            register.status("Y000051000003", "REVOKED", LocalDate.of(2026, 11, 12), later);
            register.status("Y000051000002", "CANCELLED", LocalDate.of(2026, 11, 12), later);
            seeded = true;
        }
    }

    @Test
    void filtersByPrefectureOccupationLevelStatusAndText() throws Exception {
        assertThat(numbers("/api/public/v1/institutions?area=5101"))
                .containsExactly("Y000051000001", "Y000051000002");
        assertThat(numbers("/api/public/v1/institutions?area=510100"))
                .containsExactly("Y000051000001", "Y000051000002");
        assertThat(numbers("/api/public/v1/institutions?area=510104")).containsExactly("Y000051000001");
        assertThat(numbers("/api/public/v1/institutions?area=5107")).containsExactly("Y000051000003");
        assertThat(numbers("/api/public/v1/institutions?occupation=6-31-01-03")).containsExactly("Y000051000001");
        assertThat(numbers("/api/public/v1/institutions?occupation=6-31-01")).isEmpty();
        assertThat(numbers("/api/public/v1/institutions?occupation=" + enc("烹调"))).containsExactly("Y000051000002");
        assertThat(numbers("/api/public/v1/institutions?level=1")).containsExactly("Y000051000002");
        assertThat(numbers("/api/public/v1/institutions?level=4"))
                .containsExactly("Y000051000001", "Y000051000003");
        assertThat(numbers("/api/public/v1/institutions?status=REVOKED")).containsExactly("Y000051000003");
        assertThat(numbers("/api/public/v1/institutions?status=cancelled")).containsExactly("Y000051000002");
        assertThat(numbers("/api/public/v1/institutions?q=" + enc("锦江"))).containsExactly("Y000051000001");
        assertThat(numbers("/api/public/v1/institutions?area=5101&level=3&status=FILED"))
                .containsExactly("Y000051000001");
    }

    @Test
    void revokedInstitutionsShowAsRevokedWithTheirDate() throws Exception {
        JsonNode welder = json.readTree(get("/api/public/v1/institutions?area=5107").body()).get("items").get(0);
        JsonNode electrician = json.readTree(get("/api/public/v1/institutions?area=510104").body())
                .get("items").get(0);

        assertThat(welder.get("status").asText()).isEqualTo("REVOKED");
        assertThat(welder.get("statusLabel").asText()).isEqualTo("已撤销");
        assertThat(welder.get("revokedOn").asText()).isEqualTo("2026-11-12");
        assertThat(welder.get("prefecture").asText()).isEqualTo("绵阳市");
        assertThat(welder.get("director").asText()).isEqualTo("王负责");
        assertThat(welder.get("occupations").get(0).get("levels").toString()).isEqualTo("[4,5]");
        assertThat(welder.has("revocationCause")).isFalse();
        assertThat(electrician.get("revokedOn").isNull()).isTrue();
        assertThat(electrician.get("validTo").asText()).isEqualTo("2029-01-04");
    }

    @Test
    void pagesAreZeroBasedAndBounded() throws Exception {
        JsonNode first = json.readTree(get("/api/public/v1/institutions?area=5134&size=10").body());
        JsonNode last = json.readTree(get("/api/public/v1/institutions?area=5134&size=10&page=2").body());
        JsonNode beyond = json.readTree(get("/api/public/v1/institutions?area=5134&size=10&page=9").body());

        assertThat(first.get("total").asLong()).isEqualTo(25);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(10);
        assertThat(first.get("items")).hasSize(10);
        assertThat(first.get("items").get(0).get("filingNumber").asText()).isEqualTo("S000051000100");
        assertThat(last.get("items")).hasSize(5);
        assertThat(last.get("items").get(4).get("filingNumber").asText()).isEqualTo("S000051000124");
        assertThat(beyond.get("items")).isEmpty();
        assertThat(json.readTree(get("/api/public/v1/institutions").body()).get("size").asInt()).isEqualTo(20);
    }

    @Test
    void badParametersAre400WithChineseAndEnglish() throws Exception {
        for (String query : List.of("size=201", "size=0", "page=-1", "page=x", "level=6", "status=PENDING",
                "area=1101", "area=51999")) {
            HttpResponse<String> response = get("/api/public/v1/institutions?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            String title = json.readTree(response.body()).get("title").asText();
            assertThat(title).as(query).containsPattern("\\p{IsHan}").contains(" / ").containsPattern("[a-z]{4,}");
        }
        assertThat(get("/api/public/v1/institutions?size=200").statusCode()).isEqualTo(200);
        assertThat(get("/api/public/v1/institutions/changes?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/public/v1/institutions/changes?since=%2B999999999-01-01T00:00:00Z").statusCode())
                .as("an instant no database stores").isEqualTo(400);
        assertThat(get("/api/public/v1/institutions/export.csv?level=0").statusCode()).isEqualTo(400);
    }

    @Test
    void csvExportIsExcelReadyRfc4180OverAllPages() throws Exception {
        HttpResponse<byte[]> response = http.send(request("/api/public/v1/institutions/export.csv"),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        List<String> records = csvRecords(text);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(new byte[] {body[0], body[1], body[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(text).startsWith("备案号,机构名称,举办单位,统一社会信用代码,地址,负责人,");
        assertThat(text).endsWith("\r\n");
        assertThat(records).hasSize(1 + 28);
        assertThat(text).contains("\"成都\"\"蓉城\"\",烹饪学校\"");
        assertThat(text).contains("6-31-01-03 电工（三级/高级工、四级/中级工、五级/初级工）");
        String filtered = new String(http.send(request("/api/public/v1/institutions/export.csv?area=5134"),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        assertThat(csvRecords(filtered)).hasSize(1 + 25);
        JsonNode jsonExport = json.readTree(get("/api/public/v1/institutions/export.json?area=5134").body());
        assertThat(jsonExport.get("items")).hasSize(25);
        assertThat(jsonExport.get("total").asInt()).isEqualTo(25);
    }

    @Test
    void changeFeedIsOrderedAndItsCursorExactWhenEventsShareATimestamp() throws Exception {
        JsonNode all = json.readTree(get("/api/public/v1/institutions/changes?since=2026-01-01T00:00:00Z").body());
        JsonNode items = all.get("items");
        assertThat(items).hasSize(30);
        assertThat(items.get(0).get("filingNumber").asText()).isEqualTo("Y000051000001");
        JsonNode revoked = items.get(28);
        JsonNode cancelled = items.get(29);
        assertThat(revoked.get("kind").asText()).isEqualTo("REVOKED");
        assertThat(revoked.get("institution").get("revokedOn").asText()).isEqualTo("2026-11-12");
        assertThat(cancelled.get("kind").asText()).isEqualTo("CANCELLED");
        assertThat(revoked.get("occurredAt").asText()).isEqualTo(cancelled.get("occurredAt").asText());
        assertThat(all.get("more").asBoolean()).isFalse();

        // read two at a time from just before the shared timestamp: the cursor neither skips nor repeats
        String since = T0.plusDays(10).minusSeconds(1).toInstant().toString();
        JsonNode page1 = json.readTree(get("/api/public/v1/institutions/changes?since=" + since + "&limit=1").body());
        JsonNode next = page1.get("next");
        JsonNode page2 = json.readTree(get("/api/public/v1/institutions/changes?since="
                + next.get("since").asText() + "&after=" + next.get("after").asLong() + "&limit=1").body());
        JsonNode next2 = page2.get("next");
        JsonNode page3 = json.readTree(get("/api/public/v1/institutions/changes?since="
                + next2.get("since").asText() + "&after=" + next2.get("after").asLong()).body());

        assertThat(page1.get("items").get(0).get("kind").asText()).isEqualTo("REVOKED");
        assertThat(page1.get("more").asBoolean()).isTrue();
        assertThat(page2.get("items").get(0).get("kind").asText()).isEqualTo("CANCELLED");
        assertThat(page2.get("more").asBoolean()).as("nothing waits after the last change").isFalse();
        assertThat(page3.get("items")).isEmpty();
        assertThat(page3.get("next")).isEqualTo(next2);
        assertThat(items.get(0).has("summary")).isFalse();
    }

    @Test
    void dailySnapshotVerifiesWithThePublishedCertificateInBouncyCastleAndOpenSsl() throws Exception {
        HttpResponse<String> taken = post("/api/ops/v1/directory/snapshots?date=2026-11-26", true);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT operator_name FROM operator_action WHERE action = 'take-snapshot' AND target = ?")
                .param("directory 2026-11-26").query(String.class).list()).as("the operator's action is recorded")
                .containsExactly(OPERATOR);
        byte[] content = getBytes("/api/public/v1/snapshots/2026-11-26").body();
        byte[] signature = getBytes("/api/public/v1/snapshots/2026-11-26.sig").body();
        String pem = get("/api/public/v1/certificate").body();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509",
                new BouncyCastleProvider()).generateCertificate(new ByteArrayInputStream(
                pem.getBytes(StandardCharsets.US_ASCII)));

        assertThat(verify(certificate, content, signature)).isTrue();
        byte[] tampered = content.clone();
        tampered[tampered.length / 2] ^= 0x01;
        assertThat(verify(certificate, tampered, signature)).isFalse();
        JsonNode document = json.readTree(content);
        assertThat(document.get("date").asText()).isEqualTo("2026-11-26");
        assertThat(document.get("count").asInt()).isEqualTo(28);
        assertThat(document.get("institutions")).hasSize(28);
        assertThat(json.readTree(taken.body()).get("certificateSerial").asText())
                .isEqualTo(certificate.getSerialNumber().toString(16));
        assertThat(json.readTree(get("/api/public/v1/snapshots").body()).get("dates").toString())
                .contains("2026-11-26");

        // the README's OpenSSL 3 command, on the published files
        Path data = Files.write(temp.resolve("2026-11-26.json"), content);
        Path sig = Files.write(temp.resolve("2026-11-26.sig"), signature);
        Path cert = Files.writeString(temp.resolve("directory-signer.pem"), pem);
        OpenSsl.Result pub = OpenSsl.run(temp, "openssl", "x509", "-in", cert.toString(), "-pubkey", "-noout");
        assumeTrue(pub != null && pub.exit() == 0 && OpenSsl.isVersion3(temp),
                "OpenSSL 3 not available here: the Bouncy Castle verification above stands alone");
        Path key = Files.writeString(temp.resolve("directory-signer.pub.pem"), pub.output());
        OpenSsl.Result verified = OpenSsl.run(temp, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                key.toString(), "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in",
                data.toString(), "-sigfile", sig.toString());
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Signature Verified Successfully");
        Files.write(data, tampered);
        assertThat(OpenSsl.run(temp, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key.toString(), "-rawin",
                "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in", data.toString(), "-sigfile",
                sig.toString()).exit()).isNotZero();
    }

    @Test
    void aSnapshotIsTakenOncePerDateAndNeverChanges() throws Exception {
        assertThat(post("/api/ops/v1/directory/snapshots?date=2026-11-25", true).statusCode()).isEqualTo(200);
        byte[] first = getBytes("/api/public/v1/snapshots/2026-11-25").body();
        byte[] firstSignature = getBytes("/api/public/v1/snapshots/2026-11-25.sig").body();
        jdbc.sql("UPDATE institution SET name = name WHERE filing_number = 'Y000051000001'").update();

        HttpResponse<String> again = post("/api/ops/v1/directory/snapshots?date=2026-11-25", true);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("created").asBoolean()).as(again.body()).isFalse();

        assertThat(getBytes("/api/public/v1/snapshots/2026-11-25").body()).isEqualTo(first);
        assertThat(getBytes("/api/public/v1/snapshots/2026-11-25.sig").body()).isEqualTo(firstSignature);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM directory_snapshot WHERE snapshot_date = DATE '2026-11-25'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(get("/api/public/v1/snapshots/2020-01-01").statusCode()).isEqualTo(404);
        assertThat(get("/api/public/v1/snapshots/latest").statusCode()).isEqualTo(400);
        assertThat(post("/api/ops/v1/directory/snapshots?date=2026-11-24", false).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAProvinceOperatorTakesASnapshotAndOnlyOfTodayOrEarlierInSichuan() throws Exception {
        // the clock: 2026-11-27 10:00 in Sichuan (02:00 UTC), so 2026-11-28 is tomorrow there
        HttpResponse<String> tomorrow = post("/api/ops/v1/directory/snapshots?date=2026-11-28", true);
        HttpResponse<String> city = post("/api/ops/v1/directory/snapshots?date=2026-11-23", CITY_OPERATOR);

        assertThat(tomorrow.statusCode()).as(tomorrow.body()).isEqualTo(400);
        assertThat(tomorrow.body()).contains("date").contains("today or earlier").contains("2026-11-27");
        assertThat(tomorrow.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(json.readTree(tomorrow.body()).get("type").asText())
                .isEqualTo("urn:skills-filing-bridge:problem:date-after-today");
        assertThat(json.readTree(tomorrow.body()).get("field").asText()).isEqualTo("date");
        assertThat(city.statusCode()).as(city.body()).isEqualTo(403);
        assertThat(city.body()).contains("province operator").contains("只有省级操作员");
        assertThat(json.readTree(city.body()).get("type").asText())
                .isEqualTo("urn:skills-filing-bridge:problem:province-only");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM directory_snapshot WHERE snapshot_date IN (DATE '2026-11-28',"
                + " DATE '2026-11-23')").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT outcome FROM operator_action WHERE action = 'take-snapshot' AND operator_name = ?")
                .param(CITY_OPERATOR).query(String.class).list()).as("the refusal is recorded")
                .singleElement().asString().contains("refused");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operator_action WHERE action = 'take-snapshot'"
                + " AND target = 'directory 2026-11-28' AND outcome LIKE 'refused%'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void thePageListsFiltersAndPagesWithoutJavaScript() throws Exception {
        HttpResponse<String> page = get("/directory?area=5134&page=0");
        HttpResponse<String> revoked = get("/directory?status=REVOKED");
        HttpResponse<String> second = get("/directory?area=5134&page=1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<form id=\"directory-search\" method=\"get\" action=\"/directory\">")
                .contains("name=\"area\"").contains("name=\"q\"").contains("name=\"level\"")
                .contains("name=\"status\"").contains("id=\"search\"").contains("id=\"institutions\"")
                .contains("阿坝藏族羌族自治州").contains("<option value=\"5134\" selected=\"selected\">");
        assertThat(occurrences(page.body(), "class=\"institution")).isEqualTo(20);
        assertThat(page.body()).contains("href=\"/directory?area=5134&amp;page=1\"");
        assertThat(occurrences(second.body(), "class=\"institution")).isEqualTo(5);
        assertThat(second.body()).contains("id=\"previous\"").doesNotContain("id=\"next\"");
        assertThat(occurrences(revoked.body(), "class=\"institution")).isEqualTo(1);
        assertThat(revoked.body()).contains("已撤销").contains("2026-11-12").contains("绵阳市焊接培训有限公司");
        HttpResponse<String> bad = get("/directory?level=9");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("等级 level 须为 1–5").contains("id=\"search\"");
        assertThat(get("/css/directory.css").statusCode()).isEqualTo(200);
        assertThat(page.body()).as("the notice's own term, 职业技能考核鉴定机构")
                .contains("<title>四川省职业技能考核鉴定机构备案公示</title>")
                .contains("<h1>四川省职业技能考核鉴定机构备案公示</h1>");
    }

    @Test
    void noPersonalDataInAnyPublicAnswer() throws Exception {
        assertThat(post("/api/ops/v1/directory/snapshots?date=2026-11-27", true).statusCode()).isEqualTo(200);
        List<String> paths = List.of("/api/public/v1/institutions?size=200", "/api/public/v1/institutions?area=5107",
                "/api/public/v1/institutions/export.json", "/api/public/v1/institutions/export.csv",
                "/api/public/v1/institutions/changes?since=2026-01-01T00:00:00Z", "/api/public/v1/snapshots",
                "/api/public/v1/snapshots/2026-11-27", "/directory", "/directory?status=REVOKED",
                "/directory?area=5101", "/api/public/v1/certificate");
        for (String path : paths) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String body = response.body();
            assertThat(ID_NUMBER.matcher(body).find()).as(path + " shows an identity number").isFalse();
            assertThat(MOBILE.matcher(body).find()).as(path + " shows a mobile number").isFalse();
            assertThat(body).as(path).doesNotContain(Register.ID_NUMBER, Register.DIRECTOR_ID_NUMBER,
                    Register.CONTACT_MOBILE, Register.DIRECTOR_MOBILE, "申请人Y0000", "经办人");
        }
        // the payloads do hold them, and the scope typed with a phone and an ID number is still listed, masked
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE payload LIKE '%" + Register.CONTACT_MOBILE + "%'")
                .query(Long.class).single()).isEqualTo(28);
        assertThat(get("/api/public/v1/institutions?area=510104").body()).contains("咨询请致电 [已隐去]");
    }

    private boolean verify(X509Certificate certificate, byte[] content, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SM3withSM2", new BouncyCastleProvider());
        verifier.setParameter(new SM2ParameterSpec("1234567812345678".getBytes(StandardCharsets.US_ASCII)));
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(content);
        return verifier.verify(signature);
    }

    private List<String> numbers(String path) throws IOException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> numbers = new ArrayList<>();
        json.readTree(response.body()).get("items").forEach(i -> numbers.add(i.get("filingNumber").asText()));
        return numbers;
    }

    /** Splits RFC 4180 text into records (a line break inside quotes stays in its record). */
    private static List<String> csvRecords(String text) {
        List<String> records = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int n = 0; n < text.length(); n++) {
            char c = text.charAt(n);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '\r' && n + 1 < text.length() && text.charAt(n + 1) == '\n') {
                records.add(current.toString());
                current.setLength(0);
                n++;
            } else {
                current.append(c);
            }
        }
        return records;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String path, boolean operator) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (operator) {
            builder.header("Authorization", operatorAuth());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", basicAuth(user, OPERATOR_PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
