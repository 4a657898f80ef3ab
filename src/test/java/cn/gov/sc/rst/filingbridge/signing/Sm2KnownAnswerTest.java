package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.test.TestRandomBigInteger;
import org.junit.jupiter.api.Test;

/**
 * The SM2 signature worked example of GB/T 32918.2-2016, Annex A.2 (also GM/T 0003.2-2012 Annex A): its own 256-bit
 * prime test curve (not the recommended curve), user ID ALICE123@YAHOO.COM, message "message digest", private key
 * d<sub>A</sub>, random k, and the resulting (r, s). Values as given in the standard; the same vector is in Bouncy
 * Castle's {@code core/src/test/java/org/bouncycastle/crypto/test/SM2SignerTest.java} ({@code doSignerTestFp}), where
 * they were cross-checked.
 */
class Sm2KnownAnswerTest {

    private static final BigInteger P = hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3");
    private static final BigInteger A = hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498");
    private static final BigInteger B = hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A");
    private static final BigInteger N = hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
    private static final BigInteger GX = hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D");
    private static final BigInteger GY = hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2");

    private static final String D_A = "128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263";
    private static final BigInteger X_A = hex("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A");
    private static final BigInteger Y_A = hex("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857");
    private static final String K = "6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F";
    private static final BigInteger R = hex("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1");
    private static final BigInteger S = hex("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7");

    private static final byte[] USER_ID = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message digest".getBytes(StandardCharsets.US_ASCII);

    private static final ECCurve CURVE = new ECCurve.Fp(P, A, B, N, BigInteger.ONE);
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE, CURVE.createPoint(GX, GY), N);
    private static final ECPrivateKeyParameters PRIVATE_KEY = new ECPrivateKeyParameters(hex(D_A), DOMAIN);
    private static final ECPublicKeyParameters PUBLIC_KEY =
            new ECPublicKeyParameters(CURVE.createPoint(X_A, Y_A), DOMAIN);

    @Test
    void publishedPublicKeyBelongsToPublishedPrivateKey() {
        ECPoint derived = DOMAIN.getG().multiply(hex(D_A)).normalize();
        assertThat(derived.getAffineXCoord().toBigInteger()).isEqualTo(X_A);
        assertThat(derived.getAffineYCoord().toBigInteger()).isEqualTo(Y_A);
    }

    @Test
    void publishedSignatureVerifiesWithTheVerifierRoutine() {
        assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, MESSAGE, R, S)).isTrue();
    }

    @Test
    void publishedSignatureReadInBothWireFormatsVerifies() throws Exception {
        for (SignatureFormat format : SignatureFormat.values()) {
            BigInteger[] rs = format.decode(format.encode(R, S));
            assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, MESSAGE, rs[0], rs[1])).as(format.name()).isTrue();
        }
        byte[] raw = HexFormat.of().parseHex(R.toString(16) + S.toString(16));
        assertThat(SignatureFormat.RAW.decode(raw)).containsExactly(R, S);
    }

    @Test
    void softwareKeyWithThePublishedRandomProducesThePublishedSignature() throws Exception {
        SoftwareSigningKey key = new SoftwareSigningKey(PRIVATE_KEY, USER_ID, () -> new TestRandomBigInteger(K, 16));

        BigInteger[] rs = SignatureFormat.DER.decode(key.sign(MESSAGE));

        assertThat(rs).containsExactly(R, S);
    }

    @Test
    void anotherUserIdOrAnotherMessageDoesNotVerify() {
        assertThat(Sm2.verify(PUBLIC_KEY, "ALICE123@YAHOO.CON".getBytes(StandardCharsets.US_ASCII), MESSAGE, R, S))
                .isFalse();
        assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, "message digesu".getBytes(StandardCharsets.US_ASCII), R, S))
                .isFalse();
        assertThat(Sm2.verify(PUBLIC_KEY, Sm2.userId(), MESSAGE, R, S)).isFalse();
    }

    @Test
    void valuesOutsideOneToNMinusOneAreRefusedBeforeAnyCurveArithmetic() {
        assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, MESSAGE, BigInteger.ZERO, S)).isFalse();
        assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, MESSAGE, R, N)).isFalse();
        assertThat(Sm2.verify(PUBLIC_KEY, USER_ID, MESSAGE, R.add(N), S)).isFalse();
    }

    private static BigInteger hex(String value) {
        return new BigInteger(value, 16);
    }
}
