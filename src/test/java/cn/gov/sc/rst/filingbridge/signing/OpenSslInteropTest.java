package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static cn.gov.sc.rst.filingbridge.testsupport.OpenSsl.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.gov.sc.rst.filingbridge.testsupport.OpenSsl.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the OpenSSL 3 on the machine: signatures cross in both directions with the user ID
 * 1234567812345678, and a wrong user ID or one flipped payload byte fails on both sides. Skipped (as assumptions)
 * when {@code openssl} is absent, is not OpenSSL 3, or has no SM2/SM3.
 */
class OpenSslInteropTest {

    private static final String DISTID = "distid:" + Sm2.USER_ID;
    private static final String WRONG_DISTID = "distid:1234567812345679";

    @TempDir
    Path temp;

    private final byte[] payload = randomPayload(2048);
    private final MessageSigner gateway = new MessageSigner(TestMaterial.credential("gateway"));
    private final MessageVerifier verifier =
            new MessageVerifier(TestMaterial.trustWithEverySigner(), TestMaterial.clockInsideValidity());

    /** Why the interop tests cannot run here, or null when they can; found out once per test run. */
    private static String unavailable;
    private static boolean probed;

    @BeforeEach
    void requireOpenSslWithSm2() throws Exception {
        synchronized (OpenSslInteropTest.class) {
            if (!probed) {
                unavailable = probeOpenSsl(Files.createTempDirectory("openssl-probe"));
                probed = true;
            }
        }
        assumeTrue(unavailable == null, () -> "OpenSSL interop test skipped: " + unavailable);
    }

    private static String probeOpenSsl(Path directory) throws Exception {
        Result version = run(directory, "openssl", "version");
        if (version == null) {
            return "openssl is not on the PATH";
        }
        if (version.exit() != 0 || !version.output().startsWith("OpenSSL 3")) {
            return "needs OpenSSL 3, found: " + version.output().strip();
        }
        Path data = Files.writeString(directory.resolve("probe"), "probe");
        Result sign = run(directory, "openssl", "pkeyutl", "-sign", "-inkey", key("gateway"), "-rawin", "-digest",
                "sm3", "-pkeyopt", DISTID, "-in", data.toString(), "-out", directory.resolve("probe.sig").toString());
        if (sign.exit() != 0) {
            return "this openssl cannot sign with SM2/SM3: " + sign.output().strip();
        }
        return null;
    }

    @Test
    void ourSignatureVerifiesInOpenSsl() throws Exception {
        Path data = write("data", payload);
        Path signature = write("data.sig", gateway.sign(payload).value());

        Result result = opensslVerify(publicKeyFromCertificate("gateway"), DISTID, data, signature);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("Signature Verified Successfully");
    }

    @Test
    void ourRawSignatureIsTheSameSignatureOpenSslVerifiesOnceWrittenAsDer() throws Exception {
        byte[] raw = gateway.sign(payload, SignatureFormat.RAW).value();
        Path data = write("data", payload);
        Path signature = write("data.sig", SignatureFormat.RAW.convert(raw, SignatureFormat.DER));

        assertThat(opensslVerify(publicKeyFromCertificate("gateway"), DISTID, data, signature).exit()).isZero();
    }

    @Test
    void openSslSignatureVerifiesInOurs() throws Exception {
        byte[] signature = opensslSign("gateway", DISTID, write("data", payload));

        VerifiedSignature verified = verifier.verify(payload,
                new DetachedSignature(Sm2.ALGORITHM, gateway.certificateSerial(), signature));
        VerifiedSignature verifiedRaw = verifier.verify(payload,
                new DetachedSignature(Sm2.ALGORITHM, gateway.certificateSerial(),
                        SignatureFormat.DER.convert(signature, SignatureFormat.RAW)), SignatureFormat.RAW);

        assertThat(verified.certificateSerial()).isEqualTo(gateway.certificateSerial());
        assertThat(verifiedRaw.certificateSerial()).isEqualTo(gateway.certificateSerial());
    }

    @Test
    void wrongUserIdFailsInBoth() throws Exception {
        Path data = write("data", payload);
        Path ours = write("ours.sig", gateway.sign(payload).value());
        byte[] theirsWrongId = opensslSign("gateway", WRONG_DISTID, data);
        byte[] theirsDefaultId = opensslSign("gateway", null, data);

        Result result = opensslVerify(publicKeyFromCertificate("gateway"), WRONG_DISTID, data, ours);

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("Signature Verification Failure");
        assertThatThrownBy(() -> verifier.verify(payload,
                new DetachedSignature(Sm2.ALGORITHM, gateway.certificateSerial(), theirsWrongId)))
                .isInstanceOf(BadSignatureException.class);
        // OpenSSL 3.0 without -pkeyopt distid uses an empty user ID, not 1234567812345678.
        assertThatThrownBy(() -> verifier.verify(payload,
                new DetachedSignature(Sm2.ALGORITHM, gateway.certificateSerial(), theirsDefaultId)))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void flippedPayloadByteFailsInBoth() throws Exception {
        byte[] flipped = payload.clone();
        flipped[1000] ^= 0x20;
        Path ours = write("ours.sig", gateway.sign(payload).value());
        byte[] theirs = opensslSign("gateway", DISTID, write("data", payload));

        Result result = opensslVerify(publicKeyFromCertificate("gateway"), DISTID, write("flipped", flipped), ours);

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("Signature Verification Failure");
        assertThatThrownBy(() -> verifier.verify(flipped,
                new DetachedSignature(Sm2.ALGORITHM, gateway.certificateSerial(), theirs)))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void testCertificatesParseInOpenSslAndChainAsIntended() throws Exception {
        for (String name : List.of("test-ca", "untrusted-ca", "gateway", "skills", "ministry", "expired",
                "untrusted")) {
            Result text = run(temp, "openssl", "x509", "-text", "-noout", "-in", pem(name));
            assertThat(text.exit()).as(name + ": " + text.output()).isZero();
            assertThat(text.output()).contains("SM2-with-SM3").contains("ASN1 OID: SM2").contains("TEST ONLY");
        }
        Result good = run(temp, "openssl", "verify", "-vfyopt", DISTID, "-CAfile", pem("test-ca"), pem("gateway"),
                pem("skills"), pem("ministry"));
        assertThat(good.exit()).as(good.output()).isZero();
        Result expired = run(temp, "openssl", "verify", "-vfyopt", DISTID, "-CAfile", pem("test-ca"), pem("expired"));
        assertThat(expired.output()).contains("certificate has expired");
        Result untrusted = run(temp, "openssl", "verify", "-vfyopt", DISTID, "-CAfile", pem("test-ca"),
                pem("untrusted"));
        assertThat(untrusted.exit()).isNotZero();
    }

    @Test
    void certificateSignedByTheCaWithOpenSslsDefaultEmptyUserIdIsUntrustedHere() throws Exception {
        Path csr = temp.resolve("odd.csr");
        Path cert = temp.resolve("odd.pem");
        assertThat(run(temp, "openssl", "req", "-new", "-key", key("gateway"), "-sm3",
                "-subj", "/O=TEST ONLY/CN=signed with an empty user ID", "-out", csr.toString()).exit()).isZero();
        Result issue = run(temp, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", pem("test-ca"),
                "-CAkey", key("test-ca"), "-set_serial", "0x7e57", "-days", "30", "-sm3", "-out", cert.toString());
        assertThat(issue.exit()).as(issue.output()).isZero();
        X509Certificate odd;
        try (InputStream in = Files.newInputStream(cert)) {
            odd = (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
                    .generateCertificate(in);
        }
        MessageSigner signer = new MessageSigner(
                new SigningCredential(TestMaterial.credential("gateway").key(), odd, List.of()));
        MessageVerifier oddVerifier = new MessageVerifier(
                TrustMaterial.of(List.of(TestMaterial.certificate("test-ca"), odd)),
                Clock.fixed(odd.getNotBefore().toInstant().plus(Duration.ofMinutes(1)), ZoneOffset.UTC));

        DetachedSignature signature = signer.sign(payload);

        assertThatThrownBy(() -> oddVerifier.verify(payload, signature))
                .isInstanceOf(UntrustedCertificateException.class);
        assertThat(run(temp, "openssl", "verify", "-CAfile", pem("test-ca"), cert.toString()).exit()).isZero();
    }

    private byte[] opensslSign(String name, String distid, Path data) throws Exception {
        Path out = temp.resolve(name + "-" + System.nanoTime() + ".sig");
        List<String> command = new ArrayList<>(List.of("openssl", "pkeyutl", "-sign", "-inkey", key(name),
                "-rawin", "-digest", "sm3", "-in", data.toString(), "-out", out.toString()));
        if (distid != null) {
            command.addAll(List.of("-pkeyopt", distid));
        }
        Result result = run(temp, command.toArray(String[]::new));
        assertThat(result.exit()).as(result.output()).isZero();
        return Files.readAllBytes(out);
    }

    private Result opensslVerify(Path publicKey, String distid, Path data, Path signature) throws Exception {
        return run(temp, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicKey.toString(), "-rawin",
                "-digest", "sm3", "-pkeyopt", distid, "-in", data.toString(), "-sigfile", signature.toString());
    }

    /** The public key the verifier uses: the one in the certificate, not the separately generated .pub.pem. */
    private Path publicKeyFromCertificate(String name) throws Exception {
        Path out = temp.resolve(name + ".cert-pub.pem");
        Result result = run(temp, "openssl", "x509", "-pubkey", "-noout", "-in", pem(name));
        assertThat(result.exit()).as(result.output()).isZero();
        return Files.writeString(out, result.output());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private static String pem(String name) {
        return TestMaterial.file(name + ".pem").toAbsolutePath().toString();
    }

    private static String key(String name) {
        return TestMaterial.file(name + ".key.pem").toAbsolutePath().toString();
    }

    private static byte[] randomPayload(int size) {
        byte[] bytes = new byte[size];
        new Random(32918).nextBytes(bytes);
        return bytes;
    }
}
