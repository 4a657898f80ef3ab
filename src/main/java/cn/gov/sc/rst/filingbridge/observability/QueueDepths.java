package cn.gov.sc.rst.filingbridge.observability;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message counts of queues, asked of the broker through its management address ({@code activemq.management}) over
 * the gateway's own JMS connection, so it works the same for the embedded and an external Artemis (the external
 * broker's user needs the {@code manage} permission on that address). The count includes scheduled messages (retries
 * waiting for their time) and messages being delivered. A queue the broker does not have (a dead-letter queue that
 * never received anything) counts 0; when the broker cannot be asked at all the depth is NaN.
 */
final class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_TIMEOUT_MS = 2000;

    private final ConnectionFactory connections;

    QueueDepths(ConnectionFactory connections) {
        this.connections = connections;
    }

    Map<String, Double> depths(List<String> queues) {
        Map<String, Double> depths = new LinkedHashMap<>();
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                for (String queue : queues) {
                    depths.put(queue, depth(session, producer, consumer, replies, queue));
                }
            } finally {
                replies.delete();
            }
        } catch (JMSException | RuntimeException e) {
            log.warn("queue depths unavailable: {}", e.toString());
            queues.forEach(q -> depths.putIfAbsent(q, Double.NaN));
        }
        return depths;
    }

    private static double depth(Session session, MessageProducer producer, MessageConsumer consumer,
                                TemporaryQueue replies, String queue) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = consumer.receive(REPLY_TIMEOUT_MS);
        if (reply == null) {
            return Double.NaN;
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            return 0; // the queue does not exist (yet)
        }
        try {
            Object result = JMSManagementHelper.getResult(reply);
            return result instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(result));
        } catch (Exception e) {
            log.warn("queue {}: unreadable management answer: {}", queue, e.toString());
            return Double.NaN;
        }
    }
}
