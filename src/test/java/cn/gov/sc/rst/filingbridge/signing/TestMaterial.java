package cn.gov.sc.rst.filingbridge.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The published test material of certs-example/ (see its README.md). */
final class TestMaterial {

    static final Path DIR = Path.of("certs-example");
    static final char[] PASSWORD = "demo-only".toCharArray();

    private static final Map<String, SigningCredential> CREDENTIALS = new ConcurrentHashMap<>();

    private TestMaterial() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    /** The key and certificate of gateway, skills, ministry, expired or untrusted, from NAME.p12. */
    static SigningCredential credential(String name) {
        return CREDENTIALS.computeIfAbsent(name,
                n -> Pkcs12.signingCredential(file(n + ".p12"), PASSWORD, n));
    }

    static X509Certificate certificate(String name) {
        try (InputStream in = Files.newInputStream(file(name + ".pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
                    .generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test CA as the only anchor, and every signer of certs-example/ as known signer, including the expired one
     * and the one under the untrusted CA: being known must not be enough to be accepted.
     */
    static TrustMaterial trustWithEverySigner() {
        return TrustMaterial.of(List.of(certificate("test-ca"), certificate("gateway"), certificate("skills"),
                certificate("ministry"), certificate("expired"), certificate("untrusted")));
    }

    /** A fixed clock one day after the gateway certificate's notBefore (inside every current certificate). */
    static Clock clockInsideValidity() {
        return Clock.fixed(certificate("gateway").getNotBefore().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
    }
}
