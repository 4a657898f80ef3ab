package cn.gov.sc.rst.filingbridge.forwarding;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an outbound record ({@code outbound_record.status}) stands. A record is created PENDING and settled once, from
 * PENDING, as DELIVERED, PARKED (the peer refused it for good) or DEAD (the retry schedule is used up); operators replay
 * PARKED and DEAD records back to PENDING. A later version of a case's record whose earlier version is PARKED, DEAD or
 * itself HELD is HELD: not sent and not retried, so that it does not use up its schedule behind a record only an
 * operator can move; it goes back to PENDING by itself once every earlier version is DELIVERED.
 */
public enum OutboundStatus {

    PENDING("待投递"),
    DELIVERED("已送达"),
    PARKED("已搁置"),
    DEAD("死信"),
    HELD("排队等待前序版本");

    private final String label;

    OutboundStatus(String label) {
        this.label = label;
    }

    /** The Chinese name operators read. */
    public String label() {
        return label;
    }

    /** PARKED and DEAD records wait for an operator's replay. */
    public boolean replayable() {
        return this == PARKED || this == DEAD;
    }

    /** A record of this status stops every later version of its case's record for the same peer (they are HELD). */
    public boolean blocksLaterVersions() {
        return this == PARKED || this == DEAD || this == HELD;
    }

    /** The status of that exact name, empty for anything else. */
    public static Optional<OutboundStatus> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
