package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Sign → verify round-trips for any payload; any single flipped bit of payload or signature is refused. */
class Sm2RoundTripProperties {

    private final MessageSigner signer = new MessageSigner(TestMaterial.credential("gateway"));
    private final MessageVerifier verifier =
            new MessageVerifier(TestMaterial.trustWithEverySigner(), TestMaterial.clockInsideValidity());

    @Property(tries = 200)
    void signedPayloadVerifiesInBothFormats(@ForAll @Size(max = 4096) byte[] payload,
                                            @ForAll SignatureFormat format) throws Exception {
        DetachedSignature signature = signer.sign(payload, format);

        assertThat(verifier.verify(payload, signature, format).certificateSerial())
                .isEqualTo(signer.certificateSerial());
    }

    @Property(tries = 200)
    void anyFlippedPayloadBitIsABadSignature(@ForAll("payloadAndBit") PayloadAndBit input,
                                             @ForAll SignatureFormat format) throws Exception {
        DetachedSignature signature = signer.sign(input.payload(), format);
        byte[] flipped = flip(input.payload(), input.bit());

        assertThatThrownBy(() -> verifier.verify(flipped, signature, format))
                .isInstanceOf(BadSignatureException.class);
    }

    @Property(tries = 200)
    void anyFlippedSignatureBitIsRefused(@ForAll @Size(max = 512) byte[] payload, @ForAll SignatureFormat format,
                                         @ForAll("bitIndex") int anyBit) throws Exception {
        DetachedSignature signature = signer.sign(payload, format);
        byte[] value = signature.value();
        DetachedSignature flipped = new DetachedSignature(signature.algorithm(), signature.certificateSerial(),
                flip(value, anyBit % (8 * value.length)));

        // A flipped bit in the DER framing is malformed; one inside r or s is a bad signature. Never accepted.
        assertThatThrownBy(() -> verifier.verify(payload, flipped, format))
                .isInstanceOfAny(BadSignatureException.class, MalformedSignatureException.class);
    }

    @Provide
    Arbitrary<PayloadAndBit> payloadAndBit() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4096)
                .flatMap(payload -> Combinators.combine(Arbitraries.just(payload),
                        Arbitraries.integers().between(0, 8 * payload.length - 1)).as(PayloadAndBit::new));
    }

    @Provide
    Arbitrary<Integer> bitIndex() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    record PayloadAndBit(byte[] payload, int bit) {
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
