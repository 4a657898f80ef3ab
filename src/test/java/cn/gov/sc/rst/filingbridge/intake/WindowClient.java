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
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Clock clock;

    public WindowClient(String baseUrl, Clock clock) {
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public HttpResponse<String> post(String path, byte[] body, String contentType) {
        return send(signed("POST", path, body, SECRET, String.valueOf(clock.millis()), UUID.randomUUID().toString())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> postCase(byte[] json) {
        return post("/api/window/v1/cases", json, "application/json");
    }

    public HttpResponse<String> get(String path) {
        return send(signed("GET", path, new byte[0], SECRET, String.valueOf(clock.millis()),
                UUID.randomUUID().toString()).GET().build());
    }

    public HttpRequest.Builder signed(String method, String path, byte[] body, String secret, String timestamp,
                                      String nonce) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header(WindowSignature.APP_ID, APP_ID)
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
