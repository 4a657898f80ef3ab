package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP peers' route template ({@code routes/forwarding-http-peers.camel.yaml}) POSTs for one outbound record:
 * the path under the peer's base URL, the exact bytes, and the headers the peer's adapter asks for (its
 * Idempotency-Key and signature headers among them). The route hands the request back to {@link HttpPeer#outcome},
 * so what the adapter read to build it travels with it and is not read from the database a second time:
 * {@code record}, the outbound record as {@link Deliveries#next} read it (for its settlement, and the request's id and
 * Idempotency-Key: always there), and {@code context}, whatever else the adapter needs for the answer (the platform
 * message's kind and source event, say; null when the adapter needs nothing more, and then it reads what it needs).
 */
public record HttpPeerRequest(Deliveries.Pending record, String path, byte[] body, Map<String, String> headers,
                              Object context) {

    public HttpPeerRequest {
        Objects.requireNonNull(record, "the outbound record the request is made for");
        headers = Map.copyOf(headers);
    }

    /** The outbound record the request is made for. */
    public long recordId() {
        return record.recordId();
    }

    /** The record's Idempotency-Key: the same for every attempt at it. */
    public String idempotencyKey() {
        return record.idempotencyKey();
    }

    /**
     * A signed JSON request: Content-Type JSON in UTF-8, the record's Idempotency-Key and the detached SM2 signature
     * over {@code body} as X-Signature-Alg, X-Signature-Cert and X-Signature.
     */
    public static HttpPeerRequest signedJson(Deliveries.Pending pending, String path, byte[] body,
                                             DetachedSignature signature) {
        return signedJson(pending, path, body, signature, null);
    }

    /** {@link #signedJson(Deliveries.Pending, String, byte[], DetachedSignature)} carrying the adapter's context. */
    public static HttpPeerRequest signedJson(Deliveries.Pending pending, String path, byte[] body,
                                             DetachedSignature signature, Object context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=UTF-8");
        headers.put("Idempotency-Key", pending.idempotencyKey());
        headers.put("X-Signature-Alg", signature.algorithm());
        headers.put("X-Signature-Cert", signature.certificateSerial());
        headers.put("X-Signature", signature.base64());
        return new HttpPeerRequest(pending, path, body, headers, context);
    }
}
