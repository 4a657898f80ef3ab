package cn.gov.sc.rst.filingbridge.simulator;

import cn.gov.sc.rst.filingbridge.intake.WindowSignature;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
public final class PlatformSimulator implements AutoCloseable {

    /**
     * How the simulator answers feedback and SMS requests; {@code NO_SENT_AT} answers SMS requests 200 without the
     * time the SMS was sent, {@code SMS_UNDELIVERABLE} refuses them 422 naming the number (feedback as usual).
     */
    public enum Mode {
        OK, FAIL_5XX, STALL, GARBAGE, REJECT_422, NO_SENT_AT, SMS_UNDELIVERABLE, DOWN
    }

    /** How the simulator checks the gateway's signature; returns the signer's subject. */
    @FunctionalInterface
    public interface SignatureCheck {
        String verify(byte[] body, Function<String, String> header) throws Exception;
    }

    /** The applicant's facts a 补正 repeats from the original application (the platform keeps them). */
    public record Applicant(String name, String creditCode, String contactName, String contactMobile, String areaCode) {
    }

    /** The window's answer to a pushed supplement. */
    public record Pushed(String sblsh, int status, String body) {
    }

    private static final ZoneId SICHUAN = ZoneId.of("Asia/Shanghai");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, String> signers = new ConcurrentHashMap<>();
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final Map<String, List<JsonNode>> feedback = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> sms = new ConcurrentHashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger supplements = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile Duration stall = Duration.ofSeconds(60);
    private volatile SignatureCheck signatureCheck;
    private volatile Window window;
    private volatile HttpServer server;
    private volatile int boundPort;

    private record Window(String baseUrl, String appId, String secret) {
    }

    private PlatformSimulator(Clock clock) {
        this.clock = clock;
    }

    public static PlatformSimulator start(int port, Clock clock) throws IOException {
        PlatformSimulator simulator = new PlatformSimulator(clock);
        simulator.listen(port);
        return simulator;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8094;
        PlatformSimulator simulator = start(port, Clock.system(SICHUAN));
        if (args.length > 3) {
            simulator.window(args[1], args[2], args[3]);
        }
        System.out.println("platform simulator on http://localhost:" + port + "/api/v1/case-feedback and "
                + "/api/v1/sms-requests");
    }

    private void listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/api/v1/case-feedback", e -> receive(e, false));
        s.createContext("/api/v1/sms-requests", e -> receive(e, true));
        s.createContext("/sim/mode", this::mode);
        s.createContext("/sim/records", this::report);
        s.createContext("/sim/supplements", this::supplement);
        s.start();
        this.server = s;
        this.boundPort = s.getAddress().getPort();
    }

    /** The port the simulator listens on, also while it is {@link Mode#DOWN}. */
    public int port() {
        return boundPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Sets the answer mode; {@link Mode#DOWN} closes the port, any other mode opens it again. */
    public synchronized void mode(Mode newMode) throws IOException {
        if (newMode == Mode.DOWN && server != null) {
            server.stop(0);
            server = null;
        } else if (newMode != Mode.DOWN && server == null) {
            listen(boundPort);
        }
        this.mode = newMode;
    }

    public void stallFor(Duration duration) {
        this.stall = duration;
    }

    /** Makes the simulator refuse (401) any message whose signature does not verify. */
    public void requireSignatures(SignatureCheck check) {
        this.signatureCheck = check;
    }

    /** Where {@link #pushSupplement} submits: the gateway's base URL and the platform app's id and secret. */
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

    /** Idempotency keys of the messages held, in the order they first arrived. */
    public List<String> keys() {
        return List.copyOf(arrivals);
    }

    /** Who signed the message stored under this key, when signatures are required. */
    public String signerOf(String key) {
        return signers.get(key);
    }

    public int postCount() {
        return posts.get();
    }

    /** POSTs that repeated an idempotency key already stored. */
    public int duplicateCount() {
        return duplicates.get();
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
        c.put("SBSJ", OffsetDateTime.now(clock.withZone(SICHUAN)).withNano(0)
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

    private void receive(HttpExchange exchange, boolean smsRequest) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("POST only"));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            SignatureCheck check = signatureCheck;
            if (check != null) {
                try {
                    String signer = check.verify(body, exchange.getRequestHeaders()::getFirst);
                    if (key != null && signer != null) {
                        signers.putIfAbsent(key, signer);
                    }
                } catch (Exception e) {
                    respond(exchange, 401, error("签名验证失败 / signature rejected: " + e.getMessage()));
                    return;
                }
            }
            switch (mode) {
                case FAIL_5XX -> respond(exchange, 503, error("service unavailable"));
                case GARBAGE -> respond(exchange, 200, "<html><body>proxy error page</body></html>");
                case REJECT_422 -> respond(exchange, 422, error("办件状态不允许此反馈 / feedback refused by the platform"));
                case STALL -> {
                    sleep(stall);
                    accept(exchange, key, body, smsRequest);
                }
                default -> accept(exchange, key, body, smsRequest);
            }
        }
    }

    private void accept(HttpExchange exchange, String key, byte[] body, boolean smsRequest) throws IOException {
        if (key == null || key.isBlank()) {
            respond(exchange, 400, error("Idempotency-Key is required"));
            return;
        }
        String known = answers.get(key);
        if (known != null) {
            duplicates.incrementAndGet();
            respond(exchange, 200, known);
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            respond(exchange, 400, error("unreadable JSON: " + e.getOriginalMessage()));
            return;
        }
        String sblsh = message.path("SBLSH").asText("");
        if (sblsh.isEmpty()) {
            respond(exchange, 400, error("SBLSH is required"));
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("idempotencyKey", key);
        if (smsRequest && mode == Mode.SMS_UNDELIVERABLE) {
            respond(exchange, 422, error("短信未发送：号码 " + message.path("LXRSJ").asText() + " 已停机 / "
                    + "SMS not sent: number out of service"));
            return;
        }
        if (smsRequest && mode == Mode.NO_SENT_AT) {
            respond(exchange, 200, JSON.writeValueAsString(answer.put("smsId", "queued")));
            return;
        }
        if (smsRequest) {
            answer.put("smsId", UUID.randomUUID().toString());
            answer.put("sentAt", OffsetDateTime.now(clock.withZone(SICHUAN)).withNano(0)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } else {
            answer.put("receiptId", UUID.randomUUID().toString());
        }
        String first = answers.putIfAbsent(key, JSON.writeValueAsString(answer));
        if (first == null) {
            arrivals.add(key);
            (smsRequest ? sms : feedback).computeIfAbsent(sblsh, s -> new CopyOnWriteArrayList<>()).add(message);
            respond(exchange, 201, answers.get(key));
        } else {
            duplicates.incrementAndGet();
            respond(exchange, 200, first);
        }
    }

    private void mode(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String value = query == null ? "" : query.replaceFirst("^mode=", "");
            try {
                mode(Mode.valueOf(value));
                ObjectNode answer = JSON.createObjectNode().put("mode", value);
                respond(exchange, 200, JSON.writeValueAsString(answer));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, error("mode must be one of " + Arrays.toString(Mode.values())));
            }
        }
    }

    private void report(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("posts", postCount()).put("duplicates", duplicateCount()).put("mode", mode.name());
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

    private static String error(String message) throws JsonProcessingException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("error", String.valueOf(message)));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the supplement", e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                body.startsWith("<") ? "text/html;charset=UTF-8" : "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
