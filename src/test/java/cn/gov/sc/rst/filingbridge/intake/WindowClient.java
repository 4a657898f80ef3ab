package cn.gov.sc.rst.filingbridge.intake;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** A platform-side client for tests: signs each request the way the window requires. */
public final class WindowClient {

    public static final String APP_ID = "test-app";
    public static final String SECRET = "test-secret-please-change";
    /** A second configured app (see WindowTestSupport): it must not read or supplement the first app's cases. */
    public static final String OTHER_APP_ID = "other-app";
    public static final String OTHER_SECRET = "other-secret-please-change";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Clock clock;
    private final String appId;
    private final String secret;

    public WindowClient(String baseUrl, Clock clock) {
        this(baseUrl, clock, APP_ID, SECRET);
    }

    /** A client signing as {@code appId} with its {@code secret}. */
    public WindowClient(String baseUrl, Clock clock, String appId, String secret) {
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.appId = appId;
        this.secret = secret;
    }

    public HttpResponse<String> post(String path, byte[] body, String contentType) {
        return send(signed("POST", path, body, secret, String.valueOf(clock.millis()), UUID.randomUUID().toString())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> postCase(byte[] json) {
        return post("/api/window/v1/cases", json, "application/json");
    }

    public HttpResponse<String> get(String path) {
        return send(signed("GET", path, new byte[0], secret, String.valueOf(clock.millis()),
                UUID.randomUUID().toString()).GET().build());
    }

    public HttpRequest.Builder signed(String method, String path, byte[] body, String secret, String timestamp,
                                      String nonce) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header(WindowSignature.APP_ID, appId)
                .header(WindowSignature.TIMESTAMP, timestamp)
                .header(WindowSignature.NONCE, nonce)
                .header(WindowSignature.SIGNATURE, WindowSignature.sign(secret, method, path, timestamp, nonce, body));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
