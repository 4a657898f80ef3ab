package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The broker's dead-letter queues, as the broker has them, not as a list written down here: every route's own
 * {@code <queue>.DLQ} (where a route puts a message it gave up on, with {@code deadLetterReason}) and every queue of the
 * broker's dead-letter address {@code bridge.dead-letter} (where the broker parks a message whose consumer kept failing
 * before the route could, with {@code _AMQ_ORIG_ADDRESS}). They are discovered through the broker's management address
 * ({@code activemq.management}), browsed, and a letter is moved back to the queue it came from or removed, over the
 * gateway's own JMS connection, so this works the same for the embedded and an external Artemis (whose user needs
 * {@code manage} on the management address, and browse and consume on the dead-letter queues).
 * <p>
 * A move is one JMS transaction: the letter is taken off its dead-letter queue and sent to its origin together, or not
 * at all. What a letter means to the ledger (a DEAD record made PENDING again) is {@link DeadLetterReplay}'s.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** The broker's dead-letter address (set for {@code bridge.#} in {@code forwarding.DeliveryWiring}). */
    public static final String BROKER_DEAD_LETTER_ADDRESS = "bridge.dead-letter";
    /** The suffix of a route's own dead-letter queue. */
    public static final String ROUTE_SUFFIX = ".DLQ";
    /** Artemis' property with the address a message was dead-lettered from (Message.HDR_ORIGINAL_ADDRESS). */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** The reason a route writes on what it dead-letters ({@code routes/error-handling.camel.yaml}). */
    public static final String REASON = "deadLetterReason";
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_TIMEOUT_MS = 2000;
    private static final long RECEIVE_TIMEOUT_MS = 2000;
    /** What a JMS message id looks like on Artemis; anything else is refused before it reaches a selector. */
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z:\\-]{1,100}");

    private final ConnectionFactory connections;
    private final ConnectionFactory uncached;
    private final List<String> expected;

    DeadLetters(ConnectionFactory connections, BridgeProperties bridge) {
        this.connections = connections;
        // consumers with a one-off selector are not worth caching (a caching factory would keep each one open)
        this.uncached = ConnectionFactories.uncached(connections);
        List<String> names = new ArrayList<>();
        names.add(bridge.queues().accepted() + ROUTE_SUFFIX);
        for (DeliveryTarget target : DeliveryTarget.values()) {
            names.add(target.deadLetterQueue());
        }
        this.expected = List.copyOf(names);
    }

    /**
     * A dead-letter queue: its name, the address it is bound to (the queue's own for a route's, {@code bridge.dead-letter}
     * for the broker's) and how many letters it holds (NaN when the broker could not be asked).
     */
    public record DeadLetterQueue(String queue, String address, double depth) {

        /** Whether the broker put these letters here (their origin is {@code _AMQ_ORIG_ADDRESS}), not a route. */
        public boolean broker() {
            return BROKER_DEAD_LETTER_ADDRESS.equals(address);
        }
    }

    /** One dead letter: where it is, its id, its body, the reason given, the queue it came from and when it was sent. */
    public record Letter(String queue, String messageId, String body, String reason, String origin,
                         OffsetDateTime sentAt) {
    }

    /**
     * Every dead-letter queue the broker has, with the routes' own ones it does not have yet (a queue is created by its
     * first letter) at depth 0, so that each always has a gauge. Empty when the broker cannot be asked.
     */
    public List<DeadLetterQueue> queues() {
        Map<String, String> addresses = new LinkedHashMap<>();
        expected.forEach(q -> addresses.put(q, q));
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            Management management = new Management(session);
            try {
                for (String queue : management.strings(ResourceNames.BROKER, "queueNames")) {
                    if (queue.startsWith("bridge.") && queue.endsWith(ROUTE_SUFFIX)) {
                        addresses.putIfAbsent(queue, queue);
                    }
                }
                for (String queue : management.strings(ResourceNames.ADDRESS + BROKER_DEAD_LETTER_ADDRESS,
                        "queueNames")) {
                    addresses.put(queue, BROKER_DEAD_LETTER_ADDRESS);
                }
                List<DeadLetterQueue> queues = new ArrayList<>();
                for (Map.Entry<String, String> q : addresses.entrySet()) {
                    queues.add(new DeadLetterQueue(q.getKey(), q.getValue(), management.depth(q.getKey())));
                }
                return queues;
            } finally {
                management.close();
            }
        } catch (JMSException | RuntimeException e) {
            log.warn("dead-letter queues unavailable: {}", e.toString());
            return expected.stream().map(q -> new DeadLetterQueue(q, q, Double.NaN)).toList();
        }
    }

    /** The routes' own dead-letter queues, whether the broker has them yet or not. */
    public List<String> expectedQueues() {
        return expected;
    }

    /** The queue of that name among {@link #queues()}, empty for any other name (never a queue that is not one). */
    public Optional<DeadLetterQueue> queue(String name) {
        return queues().stream().filter(q -> q.queue().equals(name)).findFirst();
    }

    /** Up to {@code limit} letters of a dead-letter queue, oldest first (browsed: nothing is taken off). */
    public List<Letter> letters(DeadLetterQueue queue, int limit) throws JMSException {
        return letters(queue, java.util.function.Function.identity(), l -> true, limit);
    }

    /**
     * Up to {@code limit} letters of a dead-letter queue as {@code view} sees them, oldest first, of those {@code keep}
     * accepts: browsing goes on past the letters it refuses (an operator's scope), so that letters of one area behind
     * many of others are still found (nothing is taken off).
     */
    public <T> List<T> letters(DeadLetterQueue queue, java.util.function.Function<Letter, T> view,
                               java.util.function.Predicate<T> keep, int limit) throws JMSException {
        List<T> letters = new ArrayList<>();
        if (queue.depth() == 0) {
            return letters;
        }
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(destination(session, queue))) {
            connection.start();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && letters.size() < limit) {
                T seen = view.apply(letter(queue, (Message) messages.nextElement()));
                if (keep.test(seen)) {
                    letters.add(seen);
                }
            }
        }
        return letters;
    }

    /**
     * Moves one letter back to the queue it came from (a route's {@code X.DLQ} to {@code X}; the broker's to its
     * {@code _AMQ_ORIG_ADDRESS}) as a fresh message with the same body (no attempt count: its schedule starts again).
     * Returns the letter moved, empty when it is no longer there (moved or removed meanwhile).
     */
    public Optional<Letter> moveBack(DeadLetterQueue queue, String messageId) throws JMSException {
        return take(queue, messageId, true);
    }

    /** Removes one letter without sending it anywhere; empty when it is no longer there. */
    public Optional<Letter> remove(DeadLetterQueue queue, String messageId) throws JMSException {
        return take(queue, messageId, false);
    }

    /**
     * Removes, from every dead-letter queue, the letters {@code which} picks (a replayed record's copies). Failures are
     * logged, not thrown: the replay they follow has happened. Returns how many were removed.
     */
    public int removeAll(Predicate<Letter> which) {
        int removed = 0;
        for (DeadLetterQueue queue : queues()) {
            if (!(queue.depth() > 0)) {
                continue;
            }
            try {
                for (Letter letter : letters(queue, Integer.MAX_VALUE)) {
                    if (which.test(letter) && remove(queue, letter.messageId()).isPresent()) {
                        removed++;
                    }
                }
            } catch (JMSException | RuntimeException e) {
                log.warn("dead letters of {} not removed: {}", queue.queue(), e.toString());
            }
        }
        return removed;
    }

    private Optional<Letter> take(DeadLetterQueue queue, String messageId, boolean sendBack) throws JMSException {
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("not a message id: " + messageId);
        }
        try (Connection connection = uncached.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(destination(session, queue),
                     "JMSMessageID = '" + messageId + "'")) {
            connection.start();
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                session.rollback();
                return Optional.empty();
            }
            Letter letter = letter(queue, message);
            if (sendBack) {
                if (letter.origin() == null || !letter.origin().startsWith("bridge.")) {
                    session.rollback();
                    throw new IllegalStateException("dead letter " + messageId + " of " + queue.queue()
                            + " has no origin queue of the bridge: " + letter.origin());
                }
                try (MessageProducer producer = session.createProducer(session.createQueue(letter.origin()))) {
                    TextMessage copy = session.createTextMessage(letter.body());
                    // the case's id and SBLSH go back with it (the SBLSH names the case on its consumer's log lines)
                    for (String property : List.of("caseId", "sblsh")) {
                        String value = message.getStringProperty(property);
                        if (value != null) {
                            copy.setStringProperty(property, value);
                        }
                    }
                    producer.send(copy);
                }
            }
            session.commit();
            log.info("dead letter {} of {} {}", messageId, queue.queue(),
                    sendBack ? "moved back to " + letter.origin() : "removed");
            return Optional.of(letter);
        }
    }

    private static Queue destination(Session session, DeadLetterQueue queue) throws JMSException {
        // a route's dead-letter queue is its own address; the broker's are reached by their fully qualified name
        return session.createQueue(queue.address().equals(queue.queue()) ? queue.queue()
                : queue.address() + "::" + queue.queue());
    }

    private static Letter letter(DeadLetterQueue queue, Message message) throws JMSException {
        String origin = queue.broker() ? message.getStringProperty(ORIGINAL_ADDRESS)
                : queue.queue().endsWith(ROUTE_SUFFIX)
                ? queue.queue().substring(0, queue.queue().length() - ROUTE_SUFFIX.length()) : null;
        OffsetDateTime sentAt = message.getJMSTimestamp() == 0 ? null
                : OffsetDateTime.ofInstant(Instant.ofEpochMilli(message.getJMSTimestamp()), ZoneOffset.UTC);
        return new Letter(queue.queue(), message.getJMSMessageID(), body(message),
                message.getStringProperty(REASON), origin, sentAt);
    }

    private static String body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(data);
            return new String(data, StandardCharsets.UTF_8);
        }
        return "";
    }

    /** Questions to the broker's management address, answered on a temporary queue. */
    private static final class Management {

        private final Session session;
        private final TemporaryQueue replies;
        private final MessageProducer producer;
        private final MessageConsumer consumer;

        Management(Session session) throws JMSException {
            this.session = session;
            this.replies = session.createTemporaryQueue();
            this.producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
            this.consumer = session.createConsumer(replies);
        }

        /** An attribute's answer, empty when the resource does not exist (an address nothing was sent to yet). */
        Optional<Object> attribute(String resource, String attribute) throws JMSException {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, resource, attribute);
            request.setJMSReplyTo(replies);
            producer.send(request);
            Message reply = consumer.receive(REPLY_TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("no answer from the broker's management address for " + resource);
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(JMSManagementHelper.getResults(reply));
            } catch (Exception e) {
                throw new IllegalStateException("unreadable management answer for " + resource + ": " + e, e);
            }
        }

        List<String> strings(String resource, String attribute) throws JMSException {
            List<String> names = new ArrayList<>();
            attribute(resource, attribute).ifPresent(result -> flatten(result, names));
            return names;
        }

        double depth(String queue) throws JMSException {
            return attribute(ResourceNames.QUEUE + queue, "messageCount").map(result -> {
                List<String> values = new ArrayList<>();
                flatten(result, values);
                return values.isEmpty() ? 0 : Double.parseDouble(values.get(0));
            }).orElse(0.0);
        }

        private static void flatten(Object result, List<String> into) {
            if (result instanceof Object[] array) {
                for (Object o : array) {
                    flatten(o, into);
                }
            } else if (result instanceof Collection<?> collection) {
                collection.forEach(o -> flatten(o, into));
            } else if (result != null) {
                into.add(String.valueOf(result));
            }
        }

        void close() throws JMSException {
            consumer.close();
            producer.close();
            replies.delete();
        }
    }
}
