package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.signing.Sm3;
import java.nio.charset.StandardCharsets;

/**
 * The window's request signature: lowercase hex of HMAC-SM3(app secret, METHOD \n PATH \n X-Timestamp \n X-Nonce \n
 * hex SM3(raw body bytes)). Used by the gateway to check calls and by clients (and tests) to make them.
 */
public final class WindowSignature {

    public static final String APP_ID = "X-App-Id";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String NONCE = "X-Nonce";
    public static final String SIGNATURE = "X-App-Signature";

    private WindowSignature() {
    }

    public static String sign(String secret, String method, String path, String timestamp, String nonce, byte[] body) {
        return signWithBodyHash(secret, method, path, timestamp, nonce, Sm3.hex(body));
    }

    /**
     * The platform's answer signature: lowercase hex of HMAC-SM3(app secret, STATUS \n PATH \n Idempotency-Key \n
     * X-Timestamp \n X-Nonce \n hex SM3(raw answer bytes)), PATH and Idempotency-Key those of the request answered.
     */
    public static String signAnswer(String secret, int status, String path, String idempotencyKey, String timestamp,
                                    String nonce, byte[] body) {
        String canonical = status + "\n" + path + "\n" + idempotencyKey + "\n" + timestamp + "\n" + nonce + "\n"
                + Sm3.hex(body);
        return Sm3.hmacHex(secret.getBytes(StandardCharsets.UTF_8), canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a presented signature (hex, any case) is the expected one, compared in constant time. */
    public static boolean matches(String expected, String presented) {
        return presented != null && java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String signWithBodyHash(String secret, String method, String path, String timestamp, String nonce,
                                   String bodySm3) {
        String canonical = method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + bodySm3;
        return Sm3.hmacHex(secret.getBytes(StandardCharsets.UTF_8), canonical.getBytes(StandardCharsets.UTF_8));
    }
}
