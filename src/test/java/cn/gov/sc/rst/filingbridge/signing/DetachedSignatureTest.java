package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writing and reading the three values that travel beside a signed message. */
class DetachedSignatureTest {

    private static final byte[] VALUE = {0x30, 0x44, 0x02, 0x20, 0x7f, (byte) 0xff};

    @Test
    void headersHaveTheAgreedNamesAndValues() {
        DetachedSignature signature = new DetachedSignature("SM3withSM2", "4eb35df20e10c032", VALUE);

        assertThat(signature.headers()).containsExactly(
                Map.entry("X-Signature-Alg", "SM3withSM2"),
                Map.entry("X-Signature-Cert", "4eb35df20e10c032"),
                Map.entry("X-Signature", Base64.getEncoder().encodeToString(VALUE)));
        assertThat(DetachedSignature.HEADER_ALGORITHM).isEqualTo("X-Signature-Alg");
        assertThat(DetachedSignature.HEADER_CERTIFICATE).isEqualTo("X-Signature-Cert");
        assertThat(DetachedSignature.HEADER_SIGNATURE).isEqualTo("X-Signature");
    }

    @Test
    void serialIsReadInAnyCaseAndWithLeadingZerosButKeptCanonical() throws Exception {
        DetachedSignature read = DetachedSignature.fromFields("sm3withsm2", "004EB35DF2", "MEQ=");

        assertThat(read.certificateSerial()).isEqualTo("4eb35df2");
        assertThat(read.algorithm()).isEqualTo("SM3withSM2");
        assertThat(read.value()).containsExactly(0x30, 0x44);
    }

    @Test
    void valueIsCopiedInAndOut() {
        byte[] bytes = VALUE.clone();
        DetachedSignature signature = new DetachedSignature("SM3withSM2", "1", bytes);
        bytes[0] = 0;
        signature.value()[1] = 0;

        assertThat(signature.value()).containsExactly(VALUE);
        assertThat(signature).isEqualTo(new DetachedSignature("SM3withSM2", "1", VALUE.clone()));
    }

    @Test
    void everyMissingOrBrokenValueIsMalformedWithItsHeaderNamed() {
        Map<String, String> good = new DetachedSignature("SM3withSM2", "abc", VALUE).headers();

        assertMalformed(without(good, "X-Signature-Alg"), "X-Signature-Alg is missing");
        assertMalformed(without(good, "X-Signature-Cert"), "X-Signature-Cert is missing");
        assertMalformed(without(good, "X-Signature"), "X-Signature is missing");
        assertMalformed(with(good, "X-Signature-Alg", "SHA256withRSA"), "is not supported");
        assertMalformed(with(good, "X-Signature-Cert", "xyz"), "is not a certificate serial number");
        assertMalformed(with(good, "X-Signature-Cert", "a".repeat(41)), "is not a certificate serial number");
        assertMalformed(with(good, "X-Signature", "not base64!"), "is not standard base64");
        assertMalformed(with(good, "X-Signature", "MEQ_"), "is not standard base64");
        assertMalformed(with(good, "X-Signature", "A".repeat(600)), "too long");
    }

    private static void assertMalformed(Map<String, String> headers, String message) {
        assertThatThrownBy(() -> DetachedSignature.fromHeaders(headers::get))
                .isInstanceOf(MalformedSignatureException.class)
                .hasMessageContaining(message);
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
