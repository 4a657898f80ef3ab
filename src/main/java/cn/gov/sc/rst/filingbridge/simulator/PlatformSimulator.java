package cn.gov.sc.rst.filingbridge.simulator;

import cn.gov.sc.rst.filingbridge.intake.WindowSignature;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for 四川政务服务网's side of the 办件 integration. It receives status feedback on
 * {@code POST /api/v1/case-feedback} and SMS requests on {@code POST /api/v1/sms-requests} (answered with the
 * {@code sentAt} of its own clock), each stored once per {@code Idempotency-Key} (a repeated key gets the first answer
 * again and counts as a duplicate) and kept by SBLSH: feedback, SMS requests, result notices. It can also act as the
 * applicant's side: {@link #pushSupplement} submits a 补正 for a case, signed for the gateway's window, with the materials
 * its one-time notice asked for. {@code POST /sim/mode?mode=…} makes it fail ({@link Mode}); {@code GET /sim/records}
 * reports what it holds; {@code POST /sim/supplements?sblsh=…} with the applicant's JSON pushes a supplement.
 * Run alone with {@code java -cp … cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator [port]}.
 */
public final class PlatformSimulator extends HttpSimulator<PlatformSimulator.Mode> {

    /**
     * How the simulator answers feedback and SMS requests; {@code NO_SENT_AT} answers SMS requests 200 without the
     * time the SMS was sent, {@code SMS_UNDELIVERABLE} refuses them 422 naming the number (feedback as usual).
     */
    public enum Mode {
        OK, FAIL_5XX, STALL, GARBAGE, REJECT_422, NO_SENT_AT, SMS_UNDELIVERABLE, DOWN,
        /** answers an SMS request with a sentAt an hour before its own clock: before the request was sent. */
        SENT_AT_EARLY,
        /** answers an SMS request with a sentAt an hour after its own clock: beyond the gateway's tolerance. */
        SENT_AT_LATE,
        /** answers without the X-App-* headers that authenticate an answer. */
        UNSIGNED,
        /** answers with an X-App-Signature made with a wrong secret. */
        BAD_SIGNATURE
    }

    /** The applicant's facts a 补正 repeats from the original application (the platform keeps them). */
    public record Applicant(String name, String creditCode, String contactName, String contactMobile, String areaCode) {
    }

    /** The window's answer to a pushed supplement. */
    public record Pushed(String sblsh, int status, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Clock clock;
    private final Map<String, List<JsonNode>> feedback = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> sms = new ConcurrentHashMap<>();
    private final AtomicInteger supplements = new AtomicInteger();
    private volatile Window window;
    private volatile String[] answerSigner;

    private record Window(String baseUrl, String appId, String secret) {
    }

    private PlatformSimulator(Clock clock) {
        super(Mode.OK, "办件状态不允许此反馈 / feedback refused by the platform");
        this.clock = clock;
    }

    public static PlatformSimulator start(int port, Clock clock) throws IOException {
        PlatformSimulator simulator = new PlatformSimulator(clock);
        simulator.listen(port);
        return simulator;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8094;
        PlatformSimulator simulator = start(port, Clock.system(ClockConfig.BUSINESS_ZONE));
        if (args.length > 3) {
            simulator.window(args[1], args[2], args[3]);
        }
        System.out.println("platform simulator on http://localhost:" + port + "/api/v1/case-feedback and "
                + "/api/v1/sms-requests");
    }

    @Override
    Map<String, HttpHandler> contexts() {
        return Map.of("/api/v1/case-feedback", e -> receive(e, (key, body) -> take(key, body, false)),
                "/api/v1/sms-requests", e -> receive(e, (key, body) -> take(key, body, true)),
                "/sim/records", this::report,
                "/sim/supplements", this::supplement);
    }

    /** Where {@link #pushSupplement} submits: the gateway's base URL and the platform app's id and secret. */
    /** Signs every answer to a message POST as app {@code appId} (HMAC-SM3, as the gateway's window checks requests). */
    public void signAnswersAs(String appId, String secret) {
        this.answerSigner = new String[] {appId, secret};
    }

    @Override
    void authenticate(HttpExchange exchange, int status, byte[] body) {
        String[] signer = answerSigner;
        if (signer == null || currentMode() == Mode.UNSIGNED) {
            return;
        }
        String secret = currentMode() == Mode.BAD_SIGNATURE ? signer[1] + "-wrong" : signer[1];
        String timestamp = String.valueOf(clock.millis());
        String nonce = UUID.randomUUID().toString();
        String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        exchange.getResponseHeaders().set(WindowSignature.APP_ID, signer[0]);
        exchange.getResponseHeaders().set(WindowSignature.TIMESTAMP, timestamp);
        exchange.getResponseHeaders().set(WindowSignature.NONCE, nonce);
        exchange.getResponseHeaders().set(WindowSignature.SIGNATURE, WindowSignature.signAnswer(secret, status,
                exchange.getRequestURI().getRawPath(), key, timestamp, nonce, body));
    }

    public void window(String gatewayBaseUrl, String appId, String secret) {
        this.window = new Window(gatewayBaseUrl, appId, secret);
    }

    /** Status feedback received for a case, in arrival order, once per idempotency key. */
    public List<JsonNode> feedback(String sblsh) {
        return List.copyOf(feedback.getOrDefault(sblsh, List.of()));
    }

    /** SMS requests received for a case, once per idempotency key. */
    public List<JsonNode> smsRequests(String sblsh) {
        return List.copyOf(sms.getOrDefault(sblsh, List.of()));
    }

    /** The result notices (the {@code notice} of BJJGDM feedback) received for a case. */
    public List<JsonNode> notices(String sblsh) {
        return feedback(sblsh).stream().filter(f -> f.has("notice")).map(f -> f.get("notice")).toList();
    }

    /**
     * The applicant's 补正 of case {@code relatedSblsh}, submitted to the window as a new case (YWLX 补正, GLSBLSH the
     * original) carrying every material the last one-time notice of that case asked for, signed with HMAC-SM3 as the
     * window requires.
     */
    public Pushed pushSupplement(String relatedSblsh, Applicant applicant) {
        Window w = window;
        if (w == null) {
            throw new IllegalStateException("the simulator does not know the gateway's window: call window(...) first");
        }
        JsonNode notice = feedback(relatedSblsh).stream().filter(f -> f.has("SPBUZHENGGAOZHI"))
                .reduce((first, second) -> second).map(f -> f.get("SPBUZHENGGAOZHI"))
                .orElseThrow(() -> new IllegalStateException("no one-time supplement notice received for "
                        + relatedSblsh));
        String sblsh = relatedSblsh + "-BZ" + supplements.incrementAndGet();
        ObjectNode c = JSON.createObjectNode();
        c.put("SBLSH", sblsh);
        c.put("SXBM", "11510000MB1520432D4512011002000");
        c.put("SXMC", "职业技能考核鉴定机构备案");
        c.put("YWLX", "补正");
        c.put("GLSBLSH", relatedSblsh);
        c.put("SQRMC", applicant.name());
        c.put("SQRZJLX", "统一社会信用代码");
        c.put("SQRZJHM", applicant.creditCode());
        c.put("LXRXM", applicant.contactName());
        c.put("LXRSJ", applicant.contactMobile());
        c.put("SBSJ", OffsetDateTime.now(clock).withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        c.put("XZQHDM", applicant.areaCode());
        ArrayNode materials = c.putArray("CLQD");
        for (JsonNode m : notice.path("BZCLQD")) {
            byte[] content = ("补正材料：" + m.path("CLMC").asText() + "（" + relatedSblsh + "）")
                    .getBytes(StandardCharsets.UTF_8);
            materials.addObject().put("code", m.path("CLBM").asText()).put("name", m.path("CLMC").asText())
                    .put("sm3", Sm3.hex(content)).put("content", Base64.getEncoder().encodeToString(content));
        }
        byte[] body = bytes(c);
        String path = "/api/window/v1/cases";
        String timestamp = String.valueOf(clock.millis());
        String nonce = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(w.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WindowSignature.APP_ID, w.appId())
                .header(WindowSignature.TIMESTAMP, timestamp)
                .header(WindowSignature.NONCE, nonce)
                .header(WindowSignature.SIGNATURE, WindowSignature.sign(w.secret(), "POST", path, timestamp, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Pushed(sblsh, answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("the window at " + w.baseUrl() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing a supplement", e);
        }
    }

    private Reply take(String key, byte[] body, boolean smsRequest) throws IOException {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Reply.notKept(400, error("unreadable JSON: " + e.getOriginalMessage()));
        }
        String sblsh = message.path("SBLSH").asText("");
        if (sblsh.isEmpty()) {
            return Reply.notKept(400, error("SBLSH is required"));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("idempotencyKey", key);
        if (smsRequest && currentMode() == Mode.SMS_UNDELIVERABLE) {
            return Reply.notKept(422, error("短信未发送：号码 " + message.path("LXRSJ").asText() + " 已停机 / "
                    + "SMS not sent: number out of service"));
        }
        if (smsRequest && currentMode() == Mode.NO_SENT_AT) {
            return Reply.notKept(200, JSON.writeValueAsString(answer.put("smsId", "queued")));
        }
        if (smsRequest) {
            answer.put("smsId", UUID.randomUUID().toString());
            Duration skew = currentMode() == Mode.SENT_AT_EARLY ? Duration.ofHours(-1)
                    : currentMode() == Mode.SENT_AT_LATE ? Duration.ofHours(1) : Duration.ZERO;
            answer.put("sentAt", OffsetDateTime.now(clock).plus(skew).withNano(0)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            if (!skew.isZero()) {
                // a wrong answer is not kept: the same Idempotency-Key gets a fresh answer once the mode is OK again
                return Reply.notKept(200, JSON.writeValueAsString(answer));
            }
        } else {
            answer.put("receiptId", UUID.randomUUID().toString());
        }
        return Reply.kept(JSON.writeValueAsString(answer), () -> (smsRequest ? sms : feedback)
                .computeIfAbsent(sblsh, s -> new CopyOnWriteArrayList<>()).add(message));
    }

    private void report(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("posts", postCount()).put("duplicates", duplicateCount()).put("mode", currentMode().name());
            ObjectNode cases = answer.putObject("cases");
            List<String> sblshs = new ArrayList<>(feedback.keySet());
            sms.keySet().stream().filter(s -> !sblshs.contains(s)).forEach(sblshs::add);
            for (String sblsh : sblshs) {
                ObjectNode c = cases.putObject(sblsh);
                ArrayNode types = c.putArray("feedback");
                feedback(sblsh).forEach(f -> types.add(f.path("feedbackType").asText()));
                ArrayNode texts = c.putArray("sms");
                smsRequests(sblsh).forEach(s -> texts.add(s.path("text").asText()));
                c.put("notices", notices(sblsh).size());
            }
            respond(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private void supplement(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("POST only"));
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            String sblsh = query == null ? "" : URLDecoder.decode(query.replaceFirst("^sblsh=", ""), StandardCharsets.UTF_8);
            try {
                JsonNode a = JSON.readTree(exchange.getRequestBody().readAllBytes());
                Pushed pushed = pushSupplement(sblsh, new Applicant(a.path("SQRMC").asText(), a.path("SQRZJHM").asText(),
                        a.path("LXRXM").asText(), a.path("LXRSJ").asText(), a.path("XZQHDM").asText()));
                ObjectNode answer = JSON.createObjectNode().put("SBLSH", pushed.sblsh()).put("status", pushed.status());
                answer.set("answer", readOrText(pushed.body()));
                respond(exchange, 200, JSON.writeValueAsString(answer));
            } catch (IllegalStateException | JsonProcessingException e) {
                respond(exchange, 409, error(e.getMessage()));
            }
        }
    }

    private static JsonNode readOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the supplement", e);
        }
    }
}
