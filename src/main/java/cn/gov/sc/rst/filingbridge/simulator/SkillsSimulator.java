package cn.gov.sc.rst.filingbridge.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for 四川技能人才管理信息系统's filing interface: {@code POST /api/v1/institution-filings} stores each record
 * once per {@code Idempotency-Key} and acknowledges it; a repeated key gets the first acknowledgement again and is
 * counted as a duplicate. {@code POST /sim/mode?mode=…} makes it fail ({@link Mode}); {@code GET /sim/records} reports
 * what it holds. Run alone with {@code java -cp … cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator [port]}.
 */
public final class SkillsSimulator implements AutoCloseable {

    /** How the simulator answers filings. */
    public enum Mode {
        OK, FAIL_5XX, STALL, GARBAGE, REJECT_422, DOWN
    }

    private final Map<String, String> acknowledgements = new ConcurrentHashMap<>();
    private final Map<String, byte[]> records = new ConcurrentHashMap<>();
    private final List<String> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile Duration stall = Duration.ofSeconds(60);
    private volatile HttpServer server;
    private volatile int boundPort;
    private volatile SignatureCheck signatureCheck;
    private final Map<String, String> signers = new ConcurrentHashMap<>();

    /** How the simulator checks the sender's signature, as the real system would; returns the signer's subject. */
    @FunctionalInterface
    public interface SignatureCheck {
        String verify(byte[] body, java.util.function.Function<String, String> header) throws Exception;
    }

    private SkillsSimulator() {
    }

    public static SkillsSimulator start(int port) throws IOException {
        SkillsSimulator simulator = new SkillsSimulator();
        simulator.listen(port);
        return simulator;
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8092;
        start(port);
        System.out.println("skills-system simulator on http://localhost:" + port + "/api/v1/institution-filings");
    }

    private void listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/api/v1/institution-filings", this::filing);
        s.createContext("/sim/mode", this::mode);
        s.createContext("/sim/records", this::report);
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

    /** Makes the simulator refuse (401) any filing whose signature does not verify. */
    public void requireSignatures(SignatureCheck check) {
        this.signatureCheck = check;
    }

    /** Who signed the record stored under this key, when signatures are required. */
    public String signerOf(String key) {
        return signers.get(key);
    }

    public void stallFor(Duration duration) {
        this.stall = duration;
    }

    /** Distinct records received (one per idempotency key). */
    public int recordCount() {
        return records.size();
    }

    /** POSTs that repeated an idempotency key already stored. */
    public int duplicateCount() {
        return duplicates.get();
    }

    public int postCount() {
        return posts.get();
    }

    /** Idempotency keys of the records held, in the order they first arrived. */
    public List<String> keys() {
        return List.copyOf(arrivals);
    }

    public byte[] record(String key) {
        return records.get(key);
    }

    private void filing(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"POST only\"}");
                return;
            }
            byte[] body = readAll(exchange.getRequestBody());
            posts.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            SignatureCheck check = signatureCheck;
            String signer = null;
            if (check != null) {
                try {
                    signer = check.verify(body, exchange.getRequestHeaders()::getFirst);
                } catch (Exception e) {
                    respond(exchange, 401, "{\"error\":\"签名验证失败 / signature rejected: "
                            + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
                    return;
                }
            }
            if (signer != null && key != null) {
                signers.putIfAbsent(key, signer);
            }
            switch (mode) {
                case FAIL_5XX -> respond(exchange, 503, "{\"error\":\"service unavailable\"}");
                case GARBAGE -> respond(exchange, 200, "<html><body>proxy error page</body></html>");
                case REJECT_422 -> respond(exchange, 422, "{\"error\":\"记录不符合接收规则 / record refused by the receiving rules\"}");
                case STALL -> {
                    sleep(stall);
                    accept(exchange, key, body);
                }
                default -> accept(exchange, key, body);
            }
        }
    }

    private void accept(HttpExchange exchange, String key, byte[] body) throws IOException {
        if (key == null || key.isBlank()) {
            respond(exchange, 400, "{\"error\":\"Idempotency-Key is required\"}");
            return;
        }
        String known = acknowledgements.get(key);
        if (known != null) {
            duplicates.incrementAndGet();
            respond(exchange, 200, known);
            return;
        }
        String ack = "{\"receiptId\":\"" + UUID.randomUUID() + "\",\"idempotencyKey\":\"" + key.replace("\"", "") + "\"}";
        if (records.putIfAbsent(key, body) == null) {
            arrivals.add(key);
        }
        String first = acknowledgements.putIfAbsent(key, ack);
        respond(exchange, first == null ? 201 : 200, first == null ? ack : first);
    }

    private void mode(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String value = query == null ? "" : query.replaceFirst("^mode=", "");
            try {
                mode(Mode.valueOf(value));
                respond(exchange, 200, "{\"mode\":\"" + value + "\"}");
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "{\"error\":\"mode must be one of OK, FAIL_5XX, STALL, GARBAGE, REJECT_422, DOWN\"}");
            }
        }
    }

    private void report(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, 200, "{\"records\":" + recordCount() + ",\"duplicates\":" + duplicateCount()
                    + ",\"posts\":" + postCount() + ",\"mode\":\"" + mode + "\"}");
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

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
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
