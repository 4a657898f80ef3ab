package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.SigningConfigurationException;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Whose receipts count as the ministry's, as application.yml configures it: outside prod the test certificate of
 * certs-example (after certs-example/generate.sh, which makes new serials, this fails until application.yml follows);
 * in prod nothing, and the gateway refuses to start until BRIDGE_MINISTRY_SIGNER_SERIALS is given.
 */
class MinistrySignerConfigTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BridgeProperties.class)
    static class Bind {
    }

    @Test
    void outsideProdTheMinistrySignerIsTheTestCertificateOfCertsExample() {
        String ministry = Pkcs12.signingCredential(Path.of("certs-example/ministry.p12"), "demo-only".toCharArray(),
                "ministry").serialHex();

        assertThat(signerSerials()).containsExactly(ministry);
    }

    @Test
    void inProdNoSignerIsConfiguredAndTheDeliveryRefusesToStart() {
        List<String> prod = signerSerials("--spring.profiles.active=prod");

        assertThat(prod).isEmpty();
        assertThatThrownBy(() -> new MinistryDelivery(null, null, null, null, null, null,
                new BridgeProperties(null, null, null, new BridgeProperties.Ministry("http://ministry", prod), null,
                        null)))
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("bridge.ministry.signer-serials is not set")
                .hasMessageContaining("BRIDGE_MINISTRY_SIGNER_SERIALS");
    }

    private static List<String> signerSerials(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Bind.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
            return context.getBean(BridgeProperties.class).ministry().signerSerials();
        }
    }
}
