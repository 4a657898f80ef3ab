package cn.gov.sc.rst.filingbridge.load;

import cn.gov.sc.rst.filingbridge.intake.WindowSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A platform-side caller of the REST window: every request signed with HMAC-SM3 as {@link WindowSignature} says. */
public final class WindowClient {

    public static final String CASES_PATH = "/api/window/v1/cases";
    private static final HexFormat HEX = HexFormat.of();

    private final HttpClient http;
    private final URI base;
    private final String appId;
    private final String secret;

    public WindowClient(URI base, String appId, String secret) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = base;
        this.appId = appId;
        this.secret = secret;
    }

    /** POST /api/window/v1/cases with a JSON body. */
    public HttpResponse<String> submit(byte[] json) throws IOException, InterruptedException {
        HttpRequest request = signed("POST", CASES_PATH, json)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET /api/window/v1/cases/{SBLSH}; the SBLSH must be URL-safe as it is. */
    public HttpResponse<String> get(String sblsh) throws IOException, InterruptedException {
        HttpRequest request = signed("GET", CASES_PATH + "/" + sblsh, new byte[0]).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET of an unsigned path (health, contract). */
    public HttpResponse<String> getPlain(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder signed(String method, String path, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis());
        String nonce = nonce();
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header(WindowSignature.APP_ID, appId)
                .header(WindowSignature.TIMESTAMP, timestamp)
                .header(WindowSignature.NONCE, nonce)
                .header(WindowSignature.SIGNATURE, WindowSignature.sign(secret, method, path, timestamp, nonce, body));
    }

    private static String nonce() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }
}
