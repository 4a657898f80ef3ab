package cn.gov.sc.rst.filingbridge.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for 四川技能人才管理信息系统's filing interface: {@code POST /api/v1/institution-filings} stores each record
 * once per {@code Idempotency-Key} and acknowledges it; a repeated key gets the first acknowledgement again and is
 * counted as a duplicate. {@code POST /sim/mode?mode=…} makes it fail ({@link Mode}); {@code GET /sim/records} reports
 * what it holds. Run alone with {@code java -cp … cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator [port]}.
 */
public final class SkillsSimulator extends HttpSimulator<SkillsSimulator.Mode> {

    /** How the simulator answers filings. */
    public enum Mode {
        OK, FAIL_5XX, STALL, GARBAGE, REJECT_422, DOWN,
        /** acknowledges with 200 naming another idempotency key (as an answer crossed in a proxy would); not kept. */
        WRONG_KEY
    }

    private final Map<String, byte[]> records = new ConcurrentHashMap<>();

    private SkillsSimulator() {
        super(Mode.OK, "记录不符合接收规则 / record refused by the receiving rules");
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

    @Override
    Map<String, HttpHandler> contexts() {
        return Map.of("/api/v1/institution-filings", e -> receive(e, this::filing), "/sim/records", this::report);
    }

    /** Distinct records received (one per idempotency key). */
    public int recordCount() {
        return records.size();
    }

    public byte[] record(String key) {
        return records.get(key);
    }

    private Reply filing(String key, byte[] body) throws IOException {
        if (currentMode() == Mode.WRONG_KEY) {
            return Reply.notKept(200, JSON.writeValueAsString(JSON.createObjectNode()
                    .put("receiptId", UUID.randomUUID().toString()).put("idempotencyKey", "another-record:1")));
        }
        ObjectNode ack = JSON.createObjectNode().put("receiptId", UUID.randomUUID().toString())
                .put("idempotencyKey", key);
        return Reply.kept(JSON.writeValueAsString(ack), () -> records.putIfAbsent(key, body));
    }

    private void report(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode answer = JSON.createObjectNode().put("records", recordCount()).put("duplicates", duplicateCount())
                    .put("posts", postCount()).put("mode", currentMode().name());
            respond(exchange, 200, JSON.writeValueAsString(answer));
        }
    }
}
