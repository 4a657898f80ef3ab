package cn.gov.sc.rst.filingbridge.forwarding;

import java.util.Map;

/**
 * A peer reached over HTTP, as the HTTP peers' route template calls it: {@link #next} turns a delivery message into
 * the request to POST (or null when its record no longer waits), {@link #outcome} takes the answer, judged by
 * {@link HttpOutcome}, plus whatever the peer alone asks of it. The ledger, the retry schedule and park / dead / replay
 * are {@link Deliveries}', shared with every peer.
 */
public interface HttpPeer {

    /** The request for the record a delivery message names, or null when it is no longer waiting. */
    HttpPeerRequest next(String message) throws Exception;

    /**
     * Takes the peer's answer to {@code request}: HTTP {@code status} (null when there is none), {@code body} and the
     * answer's headers. A failure that may pass is thrown as {@link DeliveryRetryException}.
     */
    void outcome(HttpPeerRequest request, Integer status, String body, Map<String, Object> answerHeaders)
            throws DeliveryRetryException;
}
