package cn.gov.sc.rst.filingbridge.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators see of the dead letters ({@link DeadLetters}) and how they replay one: each letter with the case and
 * outbound record it carries, read from the ledger; a replay sends it back where it came from. A letter carrying a
 * record that is PARKED or DEAD is replayed as that record ({@link Deliveries#replay}: PENDING again, a case event,
 * a new message, and every copy of it taken off the dead-letter queues); any other letter (a case event from the
 * mapping queue, a record the broker dead-lettered while it was still PENDING) is moved back to its origin queue as it
 * is, where the consumer decides again (a record no longer waiting is ignored there).
 */
@Component
public class DeadLetterReplay {

    /** How many letters of one queue are shown; the depth still counts them all. */
    public static final int SHOWN_PER_QUEUE = 200;

    private final DeadLetters letters;
    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeadLetterReplay(DeadLetters letters, Deliveries deliveries, JdbcClient jdbc, ObjectMapper json) {
        this.letters = letters;
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One dead letter as operators see it: where it is, its id, the queue it came from, the reason, when it was sent,
     * and — when the ledger knows them — the record (id, idempotency key, status, target) and the case (id, 申办流水号,
     * the handling authority's area) it carries.
     */
    public record LetterView(String queue, String messageId, String origin, String reason,
                             java.time.OffsetDateTime sentAt, Long recordId, String recordKey, String recordStatus,
                             String target, String caseId, String sblsh, String authorityArea) {
    }

    /** A dead-letter queue with its depth and the letters shown (at most {@link #SHOWN_PER_QUEUE}, of the scope). */
    public record QueueView(String queue, String address, boolean broker, double depth, List<LetterView> letters) {

        /** The depth as the console shows it: "?" when the broker could not be asked. */
        public String shownDepth() {
            return Double.isNaN(depth) ? "?" : String.valueOf((long) depth);
        }
    }

    /** What a replay did. */
    public enum Outcome {
        /** The letter carried a PARKED or DEAD record: the record was replayed, its copies removed. */
        RECORD_REPLAYED,
        /** The letter was moved back to its origin queue. */
        MOVED_BACK,
        /** The letter is no longer there (replayed or removed meanwhile). */
        GONE
    }

    /** Every dead-letter queue, with the letters {@code visible} lets through (an operator's scope). */
    public List<QueueView> queues(Predicate<LetterView> visible) throws JMSException {
        List<QueueView> views = new ArrayList<>();
        for (DeadLetters.DeadLetterQueue queue : letters.queues()) {
            // the first letters in scope, however many of other areas come before them
            List<LetterView> shown = letters.letters(queue, this::view, visible, SHOWN_PER_QUEUE);
            views.add(new QueueView(queue.queue(), queue.address(), queue.broker(), queue.depth(), shown));
        }
        return views;
    }

    /** One letter, empty when there is no such dead-letter queue or no such letter on it. */
    public Optional<LetterView> letter(String queue, String messageId) throws JMSException {
        Optional<DeadLetters.DeadLetterQueue> q = letters.queue(queue);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        return letters.letters(q.get(), Integer.MAX_VALUE).stream().filter(l -> l.messageId().equals(messageId))
                .findFirst().map(this::view);
    }

    /**
     * Replays one letter (see the class comment). The caller has checked the operator's scope on {@link #letter}.
     */
    public Outcome replay(String queue, String messageId, String operator) throws JMSException {
        Optional<DeadLetters.DeadLetterQueue> q = letters.queue(queue);
        Optional<LetterView> letter = letter(queue, messageId);
        if (q.isEmpty() || letter.isEmpty()) {
            return Outcome.GONE;
        }
        LetterView l = letter.get();
        Optional<OutboundStatus> status = Optional.ofNullable(l.recordStatus()).flatMap(OutboundStatus::parse);
        if (l.recordId() != null && status.filter(OutboundStatus::replayable).isPresent()) {
            DeliveryTarget target = DeliveryTarget.valueOf(l.target());
            if (target.queue().equals(l.origin())) {
                deliveries.replay(Optional.of(target), Optional.of(l.recordId()), status.get(), operator);
                // replayed here or by someone else just now: either way this copy goes
                letters.remove(q.get(), messageId);
                return Outcome.RECORD_REPLAYED;
            }
        }
        return letters.moveBack(q.get(), messageId).isPresent() ? Outcome.MOVED_BACK : Outcome.GONE;
    }

    private LetterView view(DeadLetters.Letter raw) {
        // the reason is an exception's message: personal data in it is masked before an operator sees it
        DeadLetters.Letter letter = new DeadLetters.Letter(raw.queue(), raw.messageId(), raw.body(),
                raw.reason() == null ? null : cn.gov.sc.rst.filingbridge.wiring.MaskingConverter.mask(raw.reason()),
                raw.origin(), raw.sentAt());
        Optional<Long> recordId = deliveries.recordIdOf(letter.body());
        if (recordId.isPresent()) {
            Optional<LetterView> known = jdbc.sql("""
                    SELECT r.idempotency_key, r.status, r.target, r.case_id, c.sblsh, c.authority_area
                    FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id WHERE r.record_id = :id""")
                    .param("id", recordId.get())
                    .query((rs, i) -> new LetterView(letter.queue(), letter.messageId(), letter.origin(),
                            letter.reason(), letter.sentAt(), recordId.get(), rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
                    .optional();
            if (known.isPresent()) {
                return known.get();
            }
        }
        String caseId = caseIdOf(letter.body());
        if (caseId != null) {
            Optional<LetterView> known = jdbc.sql("SELECT sblsh, authority_area FROM filing_case WHERE case_id = :id")
                    .param("id", caseId)
                    .query((rs, i) -> new LetterView(letter.queue(), letter.messageId(), letter.origin(),
                            letter.reason(), letter.sentAt(), recordId.orElse(null), null, null, null, caseId,
                            rs.getString(1), rs.getString(2)))
                    .optional();
            if (known.isPresent()) {
                return known.get();
            }
        }
        return new LetterView(letter.queue(), letter.messageId(), letter.origin(), letter.reason(), letter.sentAt(),
                recordId.orElse(null), null, null, null, caseId, null, null);
    }

    private String caseIdOf(String body) {
        try {
            JsonNode caseId = json.readTree(body == null ? "" : body).path("caseId");
            return caseId.isTextual() ? caseId.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
