package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the OpenSSL-made PKCS#12 files of certs-example/ with Bouncy Castle, and the refusals on start-up. */
class Pkcs12Test {

    @TempDir
    Path temp;

    @Test
    void readsTheKeyCertificateAndChainThatOpenSslWrote() {
        SigningCredential gateway = Pkcs12.signingCredential(TestMaterial.file("gateway.p12"), TestMaterial.PASSWORD,
                "gateway");

        assertThat(gateway.certificate()).isEqualTo(TestMaterial.certificate("gateway"));
        assertThat(gateway.chain()).containsExactly(TestMaterial.certificate("test-ca"));
        assertThat(gateway.serialHex()).isEqualTo(TestMaterial.certificate("gateway").getSerialNumber().toString(16));
        assertThat(gateway.key()).isInstanceOf(SoftwareSigningKey.class);
        assertThat(gateway.toString()).doesNotContain("PRIVATE").contains("serial");
    }

    @Test
    void readsTheCertificateOnlyTrustStoreThatOpenSslWrote() {
        TrustMaterial trust = TrustMaterial.load(TestMaterial.file("truststore.p12"), TestMaterial.PASSWORD);

        assertThat(trust.anchors()).singleElement()
                .satisfies(a -> assertThat(a.getTrustedCert()).isEqualTo(TestMaterial.certificate("test-ca")));
        assertThat(trust.intermediates()).isEmpty();
        assertThat(trust.signers()).containsExactlyInAnyOrder(TestMaterial.certificate("gateway"),
                TestMaterial.certificate("skills"), TestMaterial.certificate("ministry"));
        assertThat(trust.signer(TestMaterial.certificate("skills").getSerialNumber()))
                .contains(TestMaterial.certificate("skills"));
    }

    @Test
    void missingFileWrongPasswordAndWrongAliasSayWhatIsWrong() {
        assertThatThrownBy(() -> Pkcs12.signingCredential(temp.resolve("none.p12"), TestMaterial.PASSWORD, "x"))
                .isInstanceOf(SigningConfigurationException.class).hasMessageContaining("keystore not found");
        assertThatThrownBy(() -> Pkcs12.signingCredential(TestMaterial.file("gateway.p12"), "nope".toCharArray(),
                "gateway"))
                .isInstanceOf(SigningConfigurationException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> Pkcs12.signingCredential(TestMaterial.file("gateway.p12"), TestMaterial.PASSWORD,
                "skills"))
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("no private key under alias 'skills'")
                .hasMessageContaining("[gateway]");
        assertThatThrownBy(() -> TrustMaterial.load(TestMaterial.file("truststore.p12"), "nope".toCharArray()))
                .isInstanceOf(SigningConfigurationException.class).hasMessageContaining("trust store");
    }

    @Test
    void keyThatDoesNotBelongToItsCertificateStopsStartUp() throws Exception {
        KeyStore gateway = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        try (var in = Files.newInputStream(TestMaterial.file("gateway.p12"))) {
            gateway.load(in, TestMaterial.PASSWORD);
        }
        PrivateKey gatewayKey = (PrivateKey) gateway.getKey("gateway", TestMaterial.PASSWORD);
        KeyStore mixed = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        mixed.load(null, null);
        mixed.setKeyEntry("gateway", gatewayKey, TestMaterial.PASSWORD,
                new Certificate[] {TestMaterial.certificate("skills")});
        Path file = temp.resolve("mixed.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            mixed.store(out, TestMaterial.PASSWORD);
        }

        assertThatThrownBy(() -> Pkcs12.signingCredential(file, TestMaterial.PASSWORD, "gateway"))
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("does not belong to its certificate");
    }

    @Test
    void trustStoreWithoutAnyAnchorIsRefused() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        store.load(null, null);
        store.setCertificateEntry("gateway", TestMaterial.certificate("gateway"));
        Path file = temp.resolve("no-anchor.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TestMaterial.PASSWORD);
        }

        assertThatThrownBy(() -> TrustMaterial.load(file, TestMaterial.PASSWORD))
                .isInstanceOf(SigningConfigurationException.class).hasMessageContaining("no self-signed CA");
    }

    @Test
    void signerCertificatesAreSortedFromAnchors() {
        TrustMaterial trust = TrustMaterial.of(List.of(TestMaterial.certificate("untrusted-ca"),
                TestMaterial.certificate("untrusted")));

        assertThat(trust.anchors()).hasSize(1);
        assertThat(trust.signers()).containsExactly(TestMaterial.certificate("untrusted"));
    }
}
