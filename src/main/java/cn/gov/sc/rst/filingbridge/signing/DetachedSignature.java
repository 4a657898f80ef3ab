package cn.gov.sc.rst.filingbridge.signing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What travels beside a signed message: the algorithm ({@value Sm2#ALGORITHM}), the signing certificate's serial
 * number as lowercase hex, and the signature bytes (base64 on the wire). The signature covers exactly the bytes of
 * the message body as sent; nothing is canonicalised.
 *
 * <p>On HTTP these are the headers {@value #HEADER_ALGORITHM}, {@value #HEADER_CERTIFICATE} and
 * {@value #HEADER_SIGNATURE}; SOAP carries the same three values as fields.
 */
public record DetachedSignature(String algorithm, String certificateSerial, byte[] value) {

    public static final String HEADER_ALGORITHM = "X-Signature-Alg";
    public static final String HEADER_CERTIFICATE = "X-Signature-Cert";
    public static final String HEADER_SIGNATURE = "X-Signature";

    /** RFC 5280 serial numbers are at most 20 octets. */
    private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{1,40}");
    /** Generous upper bound for a base64 SM2 signature (72 DER bytes are 96 characters). */
    private static final int MAX_SIGNATURE_CHARS = 512;

    public DetachedSignature {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        value = Objects.requireNonNull(value, "value").clone();
    }

    /** A copy of the signature bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The signature as standard base64 (RFC 4648 §4, with padding), as sent in {@value #HEADER_SIGNATURE}. */
    public String base64() {
        return Base64.getEncoder().encodeToString(value);
    }

    public BigInteger serialNumber() {
        return new BigInteger(certificateSerial, 16);
    }

    /** The three headers, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_ALGORITHM, algorithm);
        headers.put(HEADER_CERTIFICATE, certificateSerial);
        headers.put(HEADER_SIGNATURE, base64());
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Reads the three values from headers (or any name → value lookup, such as SOAP fields under the same names).
     * The serial is accepted in either case and with leading zeros, and kept as canonical lowercase hex.
     */
    public static DetachedSignature fromHeaders(Function<String, String> header) throws MalformedSignatureException {
        return fromFields(header.apply(HEADER_ALGORITHM), header.apply(HEADER_CERTIFICATE),
                header.apply(HEADER_SIGNATURE));
    }

    /** Reads the three values as they arrived; every problem is a {@link MalformedSignatureException}. */
    public static DetachedSignature fromFields(String algorithm, String certificateSerial, String signatureBase64)
            throws MalformedSignatureException {
        if (algorithm == null || algorithm.isBlank()) {
            throw new MalformedSignatureException(HEADER_ALGORITHM + " is missing", null);
        }
        if (!Sm2.ALGORITHM.equalsIgnoreCase(algorithm.strip())) {
            throw new MalformedSignatureException(HEADER_ALGORITHM + " '" + shorten(algorithm)
                    + "' is not supported; expected " + Sm2.ALGORITHM, null);
        }
        if (certificateSerial == null || certificateSerial.isBlank()) {
            throw new MalformedSignatureException(HEADER_CERTIFICATE + " is missing", null);
        }
        String serial = certificateSerial.strip();
        if (!SERIAL.matcher(serial).matches()) {
            throw new MalformedSignatureException(HEADER_CERTIFICATE + " '" + shorten(serial)
                    + "' is not a certificate serial number in hex", null);
        }
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            throw new MalformedSignatureException(HEADER_SIGNATURE + " is missing", null);
        }
        if (signatureBase64.length() > MAX_SIGNATURE_CHARS) {
            throw new MalformedSignatureException(HEADER_SIGNATURE + " is too long for an SM2 signature", null);
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(signatureBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new MalformedSignatureException(HEADER_SIGNATURE + " is not standard base64: " + e.getMessage(), e);
        }
        return new DetachedSignature(Sm2.ALGORITHM, new BigInteger(serial, 16).toString(16), value);
    }

    private static String shorten(String text) {
        return text.length() <= 48 ? text : text.substring(0, 48) + "…";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetachedSignature that && algorithm.equals(that.algorithm)
                && certificateSerial.equals(that.certificateSerial) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, certificateSerial, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "DetachedSignature[" + algorithm + ", cert " + certificateSerial + ", " + base64() + "]";
    }
}
