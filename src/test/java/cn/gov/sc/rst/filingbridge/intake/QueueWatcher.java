package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Consumes a queue of the gateway's broker over a TCP acceptor and remembers the caseIds it saw. Every message must
 * carry a {@code caseId} property equal to the {@code caseId} of its JSON body.
 */
final class QueueWatcher implements AutoCloseable {

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final Set<String> caseIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger messages = new AtomicInteger();
    private final List<String> malformed = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    private QueueWatcher(ActiveMQConnectionFactory factory, Connection connection) {
        this.factory = factory;
        this.connection = connection;
    }

    static QueueWatcher open(int brokerPort, String queue) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        Connection connection = factory.createConnection();
        QueueWatcher watcher = new QueueWatcher(factory, connection);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(queue)).setMessageListener(watcher::onMessage);
        connection.start();
        return watcher;
    }

    private void onMessage(Message message) {
        messages.incrementAndGet();
        try {
            String property = message.getStringProperty("caseId");
            JsonNode body = json.readTree(((TextMessage) message).getText());
            String caseId = body.path("caseId").asText(null);
            if (caseId == null || !caseId.equals(property)) {
                malformed.add("property caseId=" + property + ", body " + body);
            } else {
                caseIds.add(caseId);
            }
        } catch (Exception e) {
            malformed.add(message + ": " + e);
        }
    }

    Set<String> caseIds() {
        return Set.copyOf(caseIds);
    }

    int messages() {
        return messages.get();
    }

    List<String> malformed() {
        return List.copyOf(malformed);
    }

    @Override
    public void close() throws JMSException {
        try {
            connection.close();
        } finally {
            factory.close();
        }
    }
}
