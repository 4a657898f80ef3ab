package cn.gov.sc.rst.filingbridge.signing;

import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Signing beans. Outside the {@code demo} and {@code test} profiles (with no profile, with {@code prod} or any other)
 * the gateway refuses to start unless the keystore and trust store are given explicitly and neither is the published
 * test material ({@code O=TEST ONLY ...}) of certs-example/. A signature server or HSM backend replaces
 * the software key by declaring its own {@link SigningCredential} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SigningProperties.class)
class SigningConfig {

    /** The only profiles that may use, and are given, the published test material of certs-example/. */
    static final String EXAMPLE_PROFILES = "demo | test";
    /** Marker in the subject of every certificate that certs-example/generate.sh makes. */
    static final String TEST_MATERIAL_MARKER = "TEST ONLY";

    private static final Logger log = LoggerFactory.getLogger(SigningConfig.class);

    @Bean
    @ConditionalOnMissingBean
    SigningCredential signingCredential(SigningProperties properties, Environment environment) {
        boolean real = !environment.matchesProfiles(EXAMPLE_PROFILES);
        String path = required(properties.keystorePath(), "keystore-path");
        String password = required(properties.keystorePassword(), "keystore-password");
        String alias = required(properties.keyAlias(), "key-alias");
        SigningCredential credential = Pkcs12.signingCredential(Path.of(path), password.toCharArray(), alias);
        if (isTestMaterial(credential.certificate())) {
            if (real) {
                throw new SigningConfigurationException("bridge.signing.keystore-path " + path
                        + " holds published TEST material (" + credential.certificate().getSubjectX500Principal()
                        + "); only the demo and test profiles accept it, every other profile needs the gateway's"
                        + " real signing key");
            }
            log.warn("Signing with TEST material from {} ({}): fine for tests and demos, never for production",
                    path, credential);
        } else {
            log.info("Signing with {} from {}", credential, path);
        }
        return credential;
    }

    @Bean
    MessageSigner messageSigner(SigningCredential credential) {
        return new MessageSigner(credential);
    }

    @Bean
    TrustMaterial trustMaterial(SigningProperties properties, Environment environment) {
        boolean real = !environment.matchesProfiles(EXAMPLE_PROFILES);
        String path = required(properties.trustStorePath(), "trust-store-path");
        String password = required(properties.trustStorePassword(), "trust-store-password");
        TrustMaterial trust = TrustMaterial.load(Path.of(path), password.toCharArray());
        for (TrustAnchor anchor : trust.anchors()) {
            if (real && isTestMaterial(anchor.getTrustedCert())) {
                throw new SigningConfigurationException("bridge.signing.trust-store-path " + path
                        + " trusts the published TEST CA " + anchor.getTrustedCert().getSubjectX500Principal()
                        + "; only the demo and test profiles accept it");
            }
        }
        log.info("Trusting {} from {}", trust, path);
        return trust;
    }

    @Bean
    MessageVerifier messageVerifier(TrustMaterial trust, Clock clock) {
        return new MessageVerifier(trust, clock);
    }

    @Bean
    CertificateExpiry certificateExpiry(SigningCredential credential, TrustMaterial trust) {
        return new CertificateExpiry(credential, trust);
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new SigningConfigurationException("bridge.signing." + key + " is not set: the gateway refuses to"
                    + " start without an explicit keystore and trust store (set BRIDGE_SIGNING_KEYSTORE_PATH,"
                    + " BRIDGE_SIGNING_KEYSTORE_PASSWORD, BRIDGE_SIGNING_KEY_ALIAS, BRIDGE_SIGNING_TRUST_STORE_PATH and"
                    + " BRIDGE_SIGNING_TRUST_STORE_PASSWORD); only the demo and test profiles use the TEST material"
                    + " of certs-example/");
        }
        return value;
    }

    private static boolean isTestMaterial(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName().contains(TEST_MATERIAL_MARKER);
    }
}
