package cn.gov.sc.rst.filingbridge.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Component;

/**
 * The health page's data: every actuator health component read through Spring's {@link HealthEndpoint}, with the
 * peers' indicators from the {@code peers} health group (kept out of the overall health), and the depth of every broker queue from the embedded Artemis server. Each
 * part degrades to a note when it is not available (no health endpoint bean, an external broker).
 */
@Component
class ConsoleHealth {

    private static final Logger log = LoggerFactory.getLogger(ConsoleHealth.class);
    /** The health group of the peers' indicators (management.endpoint.health.group.peers). */
    static final String PEERS_GROUP = "peers";

    private final ObjectProvider<HealthEndpoint> health;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    ConsoleHealth(ObjectProvider<HealthEndpoint> health, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.health = health;
        this.broker = broker;
    }

    /** One health component: its path (db, skillsPeer, …), status and details. */
    public record HealthPart(String name, String status, Map<String, Object> details) {

        public boolean up() {
            return "UP".equals(status);
        }
    }

    /** One broker queue: messages waiting, being delivered, scheduled for a later attempt, and consumers. */
    public record QueueDepth(String name, long messages, long delivering, long scheduled, int consumers) {

        public boolean deadLetter() {
            return name.endsWith(".DLQ") || "DLQ".equals(name);
        }
    }

    public record Report(String overall, List<HealthPart> components, String healthNote, List<QueueDepth> queues,
                  String queueNote) {
    }

    Report report() {
        List<HealthPart> components = new ArrayList<>();
        String overall = "UNKNOWN";
        String healthNote = null;
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            healthNote = "健康检查端点不可用 / health endpoint not available";
        } else {
            try {
                HealthComponent root = endpoint.health();
                overall = root.getStatus().getCode();
                flatten("", root, components);
                // the peers (skills system, ministry, platform) are kept out of the overall health, in their own group
                HealthComponent peers = endpoint.healthForPath(PEERS_GROUP);
                if (peers == null) {
                    healthNote = "未配置对端健康检查组 / no '" + PEERS_GROUP + "' health group configured";
                } else {
                    flatten(PEERS_GROUP, peers, components);
                }
            } catch (RuntimeException e) {
                log.warn("health endpoint failed: {}", e.toString());
                healthNote = "健康检查失败 / health check failed: " + e.getClass().getSimpleName();
            }
        }
        List<QueueDepth> queues = new ArrayList<>();
        String queueNote = null;
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        if (server == null || !server.isActive()) {
            queueNote = "未使用内置消息代理，队列深度请在外部代理控制台查看 / no embedded broker: see the external broker's console";
        } else {
            try {
                String[] names = server.getActiveMQServerControl().getQueueNames();
                Arrays.sort(names);
                for (String name : names) {
                    if (name.startsWith("$") || name.startsWith("activemq.")) {
                        continue;
                    }
                    Queue q = server.locateQueue(SimpleString.of(name));
                    if (q != null && !q.isTemporary()) {
                        queues.add(new QueueDepth(name, q.getMessageCount(), q.getDeliveringCount(),
                                q.getScheduledCount(), q.getConsumerCount()));
                    }
                }
            } catch (Exception e) {
                log.warn("queue depths not available: {}", e.toString());
                queueNote = "队列深度不可用 / queue depths not available: " + e.getClass().getSimpleName();
            }
        }
        return new Report(overall, components, healthNote, queues, queueNote);
    }

    private static void flatten(String path, HealthComponent component, List<HealthPart> out) {
        if (component instanceof CompositeHealth composite) {
            if (!path.isEmpty()) {
                out.add(new HealthPart(path, composite.getStatus().getCode(), Map.of()));
            }
            composite.getComponents().forEach((name, child) ->
                    flatten(path.isEmpty() ? name : path + "/" + name, child, out));
        } else if (component instanceof Health h) {
            Map<String, Object> details = new TreeMap<>();
            h.getDetails().forEach((k, v) -> details.put(k, ConsoleReadModel.mask(String.valueOf(v))));
            out.add(new HealthPart(path.isEmpty() ? "gateway" : path, h.getStatus().getCode(), details));
        }
    }
}
