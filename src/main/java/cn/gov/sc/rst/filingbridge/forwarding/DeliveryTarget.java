package cn.gov.sc.rst.filingbridge.forwarding;

/**
 * A peer that outbound records are delivered to: its value in {@code outbound_record.target}, its delivery queue (the
 * dead-letter queue is the same name with {@code .DLQ}), the prefix of its outbox duplicate-detection ids and the case
 * events its deliveries write.
 */
public enum DeliveryTarget {

    /** 四川技能人才管理信息系统: skills-record/v1 over HTTP with an Idempotency-Key. */
    SKILLS("bridge.skills.deliveries", "skills", "delivered", "delivery-parked", "delivery-dead", "delivery-replayed",
            "delivery-held", "delivery-released"),

    /** 人社部: signed filing reports (备案情况报人社部) over SOAP, answered with signed receipts. */
    MINISTRY("bridge.ministry.reports", "ministry", "ministry-reported", "ministry-report-parked",
            "ministry-report-dead", "ministry-report-replayed", "ministry-report-held", "ministry-report-released"),

    /**
     * 四川政务服务网: status feedback (SLZTDM, SPBUZHENGGAOZHI, BJJGDM with the result notice) and the one-time notice's
     * SMS request, signed JSON over HTTP with an Idempotency-Key.
     */
    PLATFORM("bridge.platform.feedback", "platform", "platform-notified", "platform-feedback-parked",
            "platform-feedback-dead", "platform-feedback-replayed", "platform-feedback-held",
            "platform-feedback-released");

    private final String queue;
    private final String label;
    private final String deliveredEvent;
    private final String parkedEvent;
    private final String deadEvent;
    private final String replayedEvent;
    private final String heldEvent;
    private final String releasedEvent;

    DeliveryTarget(String queue, String label, String deliveredEvent, String parkedEvent, String deadEvent,
                   String replayedEvent, String heldEvent, String releasedEvent) {
        this.queue = queue;
        this.label = label;
        this.deliveredEvent = deliveredEvent;
        this.parkedEvent = parkedEvent;
        this.deadEvent = deadEvent;
        this.replayedEvent = replayedEvent;
        this.heldEvent = heldEvent;
        this.releasedEvent = releasedEvent;
    }

    public String queue() {
        return queue;
    }

    public String deadLetterQueue() {
        return queue + ".DLQ";
    }

    /** Short lowercase name: prefix of outbox duplicate-detection ids and of event message references. */
    public String label() {
        return label;
    }

    public String deliveredEvent() {
        return deliveredEvent;
    }

    public String parkedEvent() {
        return parkedEvent;
    }

    public String deadEvent() {
        return deadEvent;
    }

    public String replayedEvent() {
        return replayedEvent;
    }

    /** A later version held behind an earlier one that is parked or dead ({@link OutboundStatus#HELD}). */
    public String heldEvent() {
        return heldEvent;
    }

    /** A held version let go once every earlier version was delivered. */
    public String releasedEvent() {
        return releasedEvent;
    }
}
