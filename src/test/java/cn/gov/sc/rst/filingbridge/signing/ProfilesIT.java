package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.TrustAnchor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Which profile trusts what: only demo and test are given (and accept) the TEST material of certs-example/; no
 * profile, or any other profile, must be given real keys and trust; prod never runs together with demo or test.
 * Started with the project's application.yml and META-INF/spring.factories, the way the gateway starts.
 */
class ProfilesIT {

    @Test
    void withoutAProfileAndWithoutKeysTheGatewayRefusesToStartAndNamesTheSettings() {
        assertThatThrownBy(() -> start("--spring.profiles.active=").close())
                .rootCause()
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("bridge.signing.keystore-path is not set")
                .hasMessageContaining("BRIDGE_SIGNING_TRUST_STORE_PATH");
    }

    @Test
    void anotherProfileRefusesTheTestMaterialOfCertsExampleEvenWhenGivenExplicitly() {
        assertThatThrownBy(() -> start("--spring.profiles.active=staging",
                "--bridge.signing.keystore-path=certs-example/gateway.p12",
                "--bridge.signing.keystore-password=demo-only", "--bridge.signing.key-alias=gateway",
                "--bridge.signing.trust-store-path=certs-example/truststore.p12",
                "--bridge.signing.trust-store-password=demo-only").close())
                .rootCause()
                .isInstanceOf(SigningConfigurationException.class)
                .hasMessageContaining("TEST material")
                .hasMessageContaining("only the demo and test profiles");
    }

    @Test
    void prodTogetherWithDemoRefusesToStart() {
        assertThatThrownBy(() -> start("--spring.profiles.active=prod,demo").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile cannot be combined with the demo profile");
    }

    @Test
    void prodTogetherWithTestRefusesToStart() {
        assertThatThrownBy(() -> start("--spring.profiles.active=test,prod").close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prod profile cannot be combined with the test profile");
    }

    @Test
    void demoTrustsTheExampleMaterial() {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=demo")) {
            assertThat(context.getBean(MessageSigner.class).certificate())
                    .isEqualTo(TestMaterial.certificate("gateway"));
            assertThat(context.getBean(TrustMaterial.class).anchors())
                    .extracting(TrustAnchor::getTrustedCert)
                    .anySatisfy(ca -> assertThat(ca.getSubjectX500Principal().getName()).contains("TEST ONLY"));
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(SigningConfig.class, SigningConfigTest.TestClock.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args);
    }
}
