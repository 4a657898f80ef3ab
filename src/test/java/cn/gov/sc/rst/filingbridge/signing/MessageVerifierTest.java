package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Signing with the certs-example/ keys and every way an incoming signature is accepted or refused. */
class MessageVerifierTest {

    private static final byte[] PAYLOAD = "{\"sblsh\":\"510100-2026-000001\",\"jgmc\":\"四川技能评价中心\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(TestMaterial.clockInsideValidity().instant());
    private final MessageVerifier verifier = new MessageVerifier(TestMaterial.trustWithEverySigner(), clock);
    private final MessageSigner gateway = new MessageSigner(TestMaterial.credential("gateway"));

    @Test
    void derSignatureOfTheGatewayIsAccepted() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);

        VerifiedSignature verified = verifier.verify(PAYLOAD, signature);

        assertThat(signature.algorithm()).isEqualTo("SM3withSM2");
        assertThat(signature.certificateSerial())
                .isEqualTo(TestMaterial.certificate("gateway").getSerialNumber().toString(16))
                .matches("[0-9a-f]+");
        assertThat(signature.value()[0]).isEqualTo((byte) 0x30);
        assertThat(verified.certificateSerial()).isEqualTo(signature.certificateSerial());
        assertThat(verified.subject()).contains("CN=skills-filing-bridge gateway (test)");
        assertThat(verified.checkedAt()).isEqualTo(clock.instant());
    }

    @Test
    void rawSignatureIsSixtyFourBytesAndAcceptedOnlyAsRaw() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD, SignatureFormat.RAW);

        assertThat(signature.value()).hasSize(64);
        assertThat(verifier.verify(PAYLOAD, signature, SignatureFormat.RAW).certificateSerial())
                .isEqualTo(gateway.certificateSerial());
        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature, SignatureFormat.DER))
                .isInstanceOf(MalformedSignatureException.class);
    }

    @Test
    void signaturesTravelThroughHeadersUnchanged() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        Map<String, String> headers = signature.headers();

        assertThat(headers).containsOnlyKeys("X-Signature-Alg", "X-Signature-Cert", "X-Signature");
        DetachedSignature received = DetachedSignature.fromHeaders(headers::get);

        assertThat(received).isEqualTo(signature);
        assertThat(verifier.verify(PAYLOAD, received)).isNotNull();
    }

    @Test
    void everyPartyOfTheTestMaterialIsAccepted() throws Exception {
        for (String party : new String[] {"gateway", "skills", "ministry"}) {
            MessageSigner signer = new MessageSigner(TestMaterial.credential(party));
            assertThat(verifier.verify(PAYLOAD, signer.sign(PAYLOAD)).certificateSerial())
                    .isEqualTo(signer.certificateSerial());
        }
    }

    @Test
    void tamperedPayloadIsABadSignature() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        byte[] tampered = PAYLOAD.clone();
        tampered[tampered.length - 2] ^= 0x01;

        assertThatThrownBy(() -> verifier.verify(tampered, signature))
                .isInstanceOfSatisfying(BadSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureRejectedException.Reason.BAD_SIGNATURE))
                .hasMessageContaining("does not match");
    }

    @Test
    void signatureByOnePartyClaimedForAnotherIsABadSignature() throws Exception {
        DetachedSignature bySkills = new MessageSigner(TestMaterial.credential("skills")).sign(PAYLOAD);
        DetachedSignature claimedForGateway =
                new DetachedSignature(bySkills.algorithm(), gateway.certificateSerial(), bySkills.value());

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, claimedForGateway))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void signerUnderAnUntrustedCaIsRefusedEvenThoughItsCertificateIsKnown() throws Exception {
        DetachedSignature signature = new MessageSigner(TestMaterial.credential("untrusted")).sign(PAYLOAD);

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature))
                .isInstanceOfSatisfying(UntrustedCertificateException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureRejectedException.Reason.UNTRUSTED_CERTIFICATE))
                .hasMessageContaining("does not chain to a configured trust anchor")
                .hasMessageContaining("Untrusted Test SM2 CA");
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        DetachedSignature signature = new MessageSigner(TestMaterial.credential("expired")).sign(PAYLOAD);

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature))
                .isInstanceOfSatisfying(CertificateValidityException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureRejectedException.Reason.CERTIFICATE_EXPIRED);
                    assertThat(e.notAfter()).isEqualTo(TestMaterial.certificate("expired").getNotAfter().toInstant());
                })
                .hasMessageContaining("expired at");
    }

    @Test
    void gatewayCertificateIsRefusedOnceTheClockPassesItsNotAfterEvenAfterItsPathWasRemembered() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        assertThat(verifier.verify(PAYLOAD, signature)).isNotNull();
        X509Certificate certificate = TestMaterial.certificate("gateway");

        clock.set(certificate.getNotAfter().toInstant().plusSeconds(1));

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature))
                .isInstanceOfSatisfying(CertificateValidityException.class, e -> assertThat(e.reason())
                        .isEqualTo(SignatureRejectedException.Reason.CERTIFICATE_EXPIRED));

        clock.set(certificate.getNotAfter().toInstant());
        assertThat(verifier.verify(PAYLOAD, signature)).isNotNull();
    }

    @Test
    void certificateIsRefusedBeforeItsNotBefore() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        clock.set(TestMaterial.certificate("gateway").getNotBefore().toInstant().minus(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature))
                .isInstanceOfSatisfying(CertificateValidityException.class, e -> assertThat(e.reason())
                        .isEqualTo(SignatureRejectedException.Reason.CERTIFICATE_NOT_YET_VALID))
                .hasMessageContaining("is not valid before");
    }

    @Test
    void unknownSerialIsRefused() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        DetachedSignature unknown = new DetachedSignature(signature.algorithm(), "1234abcd", signature.value());

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, unknown))
                .isInstanceOfSatisfying(UnknownCertificateException.class, e -> {
                    assertThat(e.serial()).isEqualTo("1234abcd");
                    assertThat(e.reason()).isEqualTo(SignatureRejectedException.Reason.UNKNOWN_CERTIFICATE);
                });
    }

    @Test
    void trustStoreWithoutTheSignersCertificateMakesItUnknown() throws Exception {
        MessageVerifier demoVerifier = new MessageVerifier(
                TrustMaterial.load(TestMaterial.file("truststore.p12"), TestMaterial.PASSWORD), clock);
        DetachedSignature byUntrusted = new MessageSigner(TestMaterial.credential("untrusted")).sign(PAYLOAD);

        assertThat(demoVerifier.verify(PAYLOAD, gateway.sign(PAYLOAD))).isNotNull();
        assertThatThrownBy(() -> demoVerifier.verify(PAYLOAD, byUntrusted))
                .isInstanceOf(UnknownCertificateException.class);
    }

    @Test
    void otherAlgorithmsAreMalformed() throws Exception {
        DetachedSignature signature = gateway.sign(PAYLOAD);
        DetachedSignature sha = new DetachedSignature("SHA256withECDSA", signature.certificateSerial(),
                signature.value());

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, sha))
                .isInstanceOfSatisfying(MalformedSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureRejectedException.Reason.MALFORMED));
    }

    @Test
    void garbageSignatureBytesAreMalformed() throws Exception {
        DetachedSignature signature = new DetachedSignature("SM3withSM2", gateway.certificateSerial(),
                new byte[] {0x30, 0x03, 0x02, 0x01});

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, signature)).isInstanceOf(MalformedSignatureException.class);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
