package cn.gov.sc.rst.filingbridge.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the JSON-over-HTTP simulators ({@link SkillsSimulator}, {@link PlatformSimulator}) share: a port on 127.0.0.1
 * that mode {@code DOWN} closes and any other mode opens again, {@code POST /sim/mode?mode=…}, the optional signature
 * check, and the first answer kept per {@code Idempotency-Key} (a repeated key gets it again and counts as a duplicate).
 * The modes the simulators name alike do the same in each: {@code FAIL_5XX} answers 503, {@code GARBAGE} an HTML page
 * with 200, {@code REJECT_422} the simulator's refusal, {@code STALL} waits before answering; the simulator's other
 * modes are its own to act on when it takes a message ({@link Intake}).
 */
abstract class HttpSimulator<M extends Enum<M>> implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The simulator's answer to a message whose key it has not answered yet. */
    @FunctionalInterface
    interface Intake {
        Reply take(String key, byte[] body) throws IOException;
    }

    /**
     * An answer kept under the message's key (sent with 201, {@code keep} storing what the simulator holds of the
     * message), or an answer sent once and not kept ({@code keep} null).
     */
    record Reply(int status, String body, Runnable keep) {

        static Reply kept(String answer, Runnable keep) {
            return new Reply(201, answer, keep);
        }

        static Reply notKept(int status, String body) {
            return new Reply(status, body, null);
        }
    }

    private final Class<M> modes;
    private final String refusal;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, String> signers = new ConcurrentHashMap<>();
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final Map<String, AtomicInteger> postsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private volatile M mode;
    private volatile Duration stall = Duration.ofSeconds(60);
    private volatile SignatureCheck signatureCheck;
    private volatile HttpServer server;
    private volatile int boundPort;

    /** Starts in mode {@code initial}; {@code refusal} is the error text {@code REJECT_422} answers with. */
    HttpSimulator(M initial, String refusal) {
        this.modes = initial.getDeclaringClass();
        this.mode = initial;
        this.refusal = refusal;
    }

    /** The simulator's own paths and their handlers ({@code /sim/mode} is added to them). */
    abstract Map<String, HttpHandler> contexts();

    final void listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        s.setExecutor(Executors.newCachedThreadPool());
        contexts().forEach(s::createContext);
        s.createContext("/sim/mode", this::modeRequest);
        s.start();
        this.server = s;
        this.boundPort = s.getAddress().getPort();
    }

    /** The port the simulator listens on, also while it is {@code DOWN}. */
    public int port() {
        return boundPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Sets the answer mode; {@code DOWN} closes the port, any other mode opens it again. */
    public synchronized void mode(M newMode) throws IOException {
        boolean down = "DOWN".equals(newMode.name());
        if (down && server != null) {
            server.stop(0);
            server = null;
        } else if (!down && server == null) {
            listen(boundPort);
        }
        this.mode = newMode;
    }

    final M currentMode() {
        return mode;
    }

    public void stallFor(Duration duration) {
        this.stall = duration;
    }

    /** Makes the simulator refuse (401) any message whose signature does not verify. */
    public void requireSignatures(SignatureCheck check) {
        this.signatureCheck = check;
    }

    /** Who signed the message stored under this key, when signatures are required. */
    public String signerOf(String key) {
        return signers.get(key);
    }

    /**
     * The W3C {@code traceparent} the first POST with this key carried (null when none did): a peer that traces would
     * continue the gateway's trace from it (docs/tracing.md).
     */
    public String traceparentOf(String key) {
        return traceparents.get(key);
    }

    /** Idempotency keys of the messages held, in the order they first arrived. */
    public List<String> keys() {
        return List.copyOf(arrivals);
    }

    public int postCount() {
        return posts.get();
    }

    /** POSTs that carried this idempotency key, whatever they were answered (503s and refusals included). */
    public int postCount(String key) {
        AtomicInteger count = postsByKey.get(key);
        return count == null ? 0 : count.get();
    }

    /** POSTs that repeated an idempotency key already stored. */
    public int duplicateCount() {
        return duplicates.get();
    }

    /**
     * A POST to one of the simulator's message paths: counted, its signature checked when required, answered as the
     * mode says, and otherwise once per idempotency key by {@code intake}.
     */
    final void receive(HttpExchange exchange, Intake intake) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("POST only"));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                postsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                if (traceparent != null) {
                    traceparents.putIfAbsent(key, traceparent);
                }
            }
            SignatureCheck check = signatureCheck;
            if (check != null) {
                try {
                    String signer = check.verify(body, exchange.getRequestHeaders()::getFirst);
                    if (key != null && signer != null) {
                        signers.putIfAbsent(key, signer);
                    }
                } catch (Exception e) {
                    answer(exchange, 401, error("签名验证失败 / signature rejected: " + e.getMessage()));
                    return;
                }
            }
            switch (mode.name()) {
                case "FAIL_5XX" -> answer(exchange, 503, error("service unavailable"));
                case "GARBAGE" -> answer(exchange, 200, "<html><body>proxy error page</body></html>");
                case "REJECT_422" -> answer(exchange, 422, error(refusal));
                case "STALL" -> {
                    sleep(stall);
                    accept(exchange, key, body, intake);
                }
                default -> accept(exchange, key, body, intake);
            }
        }
    }

    private void accept(HttpExchange exchange, String key, byte[] body, Intake intake) throws IOException {
        if (key == null || key.isBlank()) {
            answer(exchange, 400, error("Idempotency-Key is required"));
            return;
        }
        String known = answers.get(key);
        if (known != null) {
            duplicates.incrementAndGet();
            answer(exchange, 200, known);
            return;
        }
        Reply reply = intake.take(key, body);
        if (reply.keep() == null) {
            answer(exchange, reply.status(), reply.body());
            return;
        }
        String first = answers.putIfAbsent(key, reply.body());
        if (first == null) {
            arrivals.add(key);
            reply.keep().run();
            answer(exchange, reply.status(), reply.body());
        } else {
            duplicates.incrementAndGet();
            answer(exchange, 200, first);
        }
    }

    /** Sends an answer to a message POST, with whatever headers {@link #authenticate} adds. */
    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        authenticate(exchange, status, body.getBytes(StandardCharsets.UTF_8));
        respond(exchange, status, body);
    }

    /** Adds headers that authenticate an answer; none by default. */
    void authenticate(HttpExchange exchange, int status, byte[] body) {
    }

    private void modeRequest(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String value = query == null ? "" : query.replaceFirst("^mode=", "");
            try {
                mode(Enum.valueOf(modes, value));
                respond(exchange, 200, JSON.writeValueAsString(JSON.createObjectNode().put("mode", value)));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, error("mode must be one of " + Arrays.stream(modes.getEnumConstants())
                        .map(Enum::name).collect(Collectors.joining(", "))));
            }
        }
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                body.startsWith("<") ? "text/html;charset=UTF-8" : "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String error(String message) throws JsonProcessingException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("error", String.valueOf(message)));
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
