package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DER and raw r||s encodings, and what each refuses. */
class SignatureFormatTest {

    private static final BigInteger R = new BigInteger("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1", 16);
    private static final BigInteger SMALL = BigInteger.valueOf(0x1234);
    private static final BigInteger HIGH_BIT = new BigInteger("F0".repeat(32), 16);

    @Test
    void rawPadsEachValueToThirtyTwoBytes() throws Exception {
        byte[] raw = SignatureFormat.RAW.encode(SMALL, R);

        assertThat(raw).hasSize(64);
        assertThat(HexFormat.of().formatHex(raw, 0, 32)).isEqualTo("00".repeat(30) + "1234");
        assertThat(SignatureFormat.RAW.decode(raw)).containsExactly(SMALL, R);
    }

    @Test
    void derUsesMinimalPositiveIntegers() throws Exception {
        byte[] der = SignatureFormat.DER.encode(HIGH_BIT, SMALL);

        assertThat(HexFormat.of().formatHex(der)).isEqualTo("3027" + "022100" + "f0".repeat(32) + "02021234");
        assertThat(SignatureFormat.DER.decode(der)).containsExactly(HIGH_BIT, SMALL);
    }

    @Test
    void convertsBothWays() throws Exception {
        byte[] der = SignatureFormat.DER.encode(R, HIGH_BIT);
        byte[] raw = SignatureFormat.DER.convert(der, SignatureFormat.RAW);

        assertThat(raw).isEqualTo(SignatureFormat.RAW.encode(R, HIGH_BIT));
        assertThat(SignatureFormat.RAW.convert(raw, SignatureFormat.DER)).isEqualTo(der);
    }

    @Test
    void rawOfAnyOtherLengthIsMalformed() {
        assertThatThrownBy(() -> SignatureFormat.RAW.decode(new byte[63]))
                .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("got 63");
        assertThatThrownBy(() -> SignatureFormat.RAW.decode(new byte[72]))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void derWithTrailingBytesPaddingOrWrongStructureIsMalformed() {
        byte[] der = SignatureFormat.DER.encode(R, SMALL);
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        byte[] paddedInteger = HexFormat.of().parseHex("3009" + "0203001234" + "02021234");
        byte[] longFormLength = HexFormat.of().parseHex("308108" + "02021234" + "02021234");
        byte[] threeIntegers = HexFormat.of().parseHex("300c" + "02021234" + "02021234" + "02021234");
        byte[] notASequence = HexFormat.of().parseHex("04021234");

        for (byte[] bad : new byte[][] {trailing, paddedInteger, longFormLength, threeIntegers, notASequence,
                new byte[0], new byte[64]}) {
            assertThatThrownBy(() -> SignatureFormat.DER.decode(bad))
                    .as(HexFormat.of().formatHex(bad))
                    .isInstanceOf(MalformedSignatureException.class);
        }
    }

    @Test
    void valuesTooLargeForRawCannotBeConverted() {
        byte[] der = SignatureFormat.DER.encode(BigInteger.ONE.shiftLeft(256), SMALL);

        assertThatThrownBy(() -> SignatureFormat.DER.convert(der, SignatureFormat.RAW))
                .isInstanceOf(MalformedSignatureException.class);
    }
}
