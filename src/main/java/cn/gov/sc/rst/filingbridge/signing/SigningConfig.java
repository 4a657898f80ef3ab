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
 * Signing beans. The {@code prod} profile refuses to start unless the keystore and trust store are given explicitly
 * and neither is the published test material ({@code O=TEST ONLY ...}). A signature server or HSM backend replaces
 * the software key by declaring its own {@link SigningCredential} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SigningProperties.class)
class SigningConfig {

    static final String PROD_PROFILE = "prod";
    /** Marker in the subject of every certificate that certs-example/generate.sh makes. */
    static final String TEST_MATERIAL_MARKER = "TEST ONLY";

    private static final Logger log = LoggerFactory.getLogger(SigningConfig.class);

    @Bean
    @ConditionalOnMissingBean
    SigningCredential signingCredential(SigningProperties properties, Environment environment) {
        boolean prod = environment.matchesProfiles(PROD_PROFILE);
        String path = required(properties.keystorePath(), "keystore-path", prod);
        String password = required(properties.keystorePassword(), "keystore-password", prod);
        String alias = required(properties.keyAlias(), "key-alias", prod);
        SigningCredential credential = Pkcs12.signingCredential(Path.of(path), password.toCharArray(), alias);
        if (isTestMaterial(credential.certificate())) {
            if (prod) {
                throw new SigningConfigurationException("bridge.signing.keystore-path " + path
                        + " holds published TEST material (" + credential.certificate().getSubjectX500Principal()
                        + "); the prod profile needs the gateway's real signing key");
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
        boolean prod = environment.matchesProfiles(PROD_PROFILE);
        String path = required(properties.trustStorePath(), "trust-store-path", prod);
        String password = required(properties.trustStorePassword(), "trust-store-password", prod);
        TrustMaterial trust = TrustMaterial.load(Path.of(path), password.toCharArray());
        for (TrustAnchor anchor : trust.anchors()) {
            if (prod && isTestMaterial(anchor.getTrustedCert())) {
                throw new SigningConfigurationException("bridge.signing.trust-store-path " + path
                        + " trusts the published TEST CA " + anchor.getTrustedCert().getSubjectX500Principal()
                        + "; the prod profile refuses it");
            }
        }
        log.info("Trusting {} from {}", trust, path);
        return trust;
    }

    @Bean
    MessageVerifier messageVerifier(TrustMaterial trust, Clock clock) {
        return new MessageVerifier(trust, clock);
    }

    private static String required(String value, String key, boolean prod) {
        if (value == null || value.isBlank()) {
            throw new SigningConfigurationException("bridge.signing." + key + " is not set"
                    + (prod ? ": the prod profile refuses to start without an explicit keystore and trust store"
                            + " (set BRIDGE_SIGNING_KEYSTORE_PATH, BRIDGE_SIGNING_KEYSTORE_PASSWORD,"
                            + " BRIDGE_SIGNING_KEY_ALIAS, BRIDGE_SIGNING_TRUST_STORE_PATH and"
                            + " BRIDGE_SIGNING_TRUST_STORE_PASSWORD)"
                            : "; outside the prod profile application.yml points it at certs-example/"));
        }
        return value;
    }

    private static boolean isTestMaterial(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName().contains(TEST_MATERIAL_MARKER);
    }
}
