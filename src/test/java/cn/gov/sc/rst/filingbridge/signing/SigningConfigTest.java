package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The signing beans started the way the gateway starts them, with the project's application.yml (only the signing
 * configuration, no web server, database or broker).
 */
class SigningConfigTest {

    @Configuration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        Clock clock() {
            return TestMaterial.clockInsideValidity();
        }
    }

    @Test
    void outsideProdTheTestMaterialOfCertsExampleIsUsedAndWorks() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            MessageSigner signer = context.getBean(MessageSigner.class);
            MessageVerifier verifier = context.getBean(MessageVerifier.class);
            byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);

            assertThat(signer.certificate()).isEqualTo(TestMaterial.certificate("gateway"));
            assertThat(verifier.verify(payload, signer.sign(payload)).subject()).contains("gateway");
            assertThat(context.getBean(SigningProperties.class).formatFor("ministry")).isEqualTo(SignatureFormat.DER);
        }
    }

    @Test
    void peerFormatsAreConfigurable() {
        try (ConfigurableApplicationContext context = start("--bridge.signing.peer-formats.ministry=RAW")) {
            SigningProperties properties = context.getBean(SigningProperties.class);

            assertThat(properties.formatFor("ministry")).isEqualTo(SignatureFormat.RAW);
            assertThat(properties.formatFor("skills")).isEqualTo(SignatureFormat.DER);
            assertThat(properties.toString()).doesNotContain("demo-only");
        }
    }

    @Test
    void prodRefusesToStartWithoutAnExplicitKeystore() {
        assertThatThrownBy(() -> start("--spring.profiles.active=prod").close())
                .rootCause()
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("bridge.signing.keystore-path is not set")
                .hasMessageContaining("refuses to start without an explicit keystore");
    }

    @Test
    void prodRefusesThePublishedTestMaterial() {
        assertThatThrownBy(() -> start("--spring.profiles.active=prod",
                "--bridge.signing.keystore-path=certs-example/gateway.p12",
                "--bridge.signing.keystore-password=demo-only", "--bridge.signing.key-alias=gateway",
                "--bridge.signing.trust-store-path=certs-example/truststore.p12",
                "--bridge.signing.trust-store-password=demo-only").close())
                .rootCause()
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("TEST material");
    }

    @Test
    void aMissingKeystoreFileIsNamedInTheFailure() {
        assertThatThrownBy(() -> start("--bridge.signing.keystore-path=nowhere/gateway.p12").close())
                .rootCause()
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("keystore not found")
                .hasMessageContaining("nowhere/gateway.p12");
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(SigningConfig.class, TestClock.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args);
    }
}
