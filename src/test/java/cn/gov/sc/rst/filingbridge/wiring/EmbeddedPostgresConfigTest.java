package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which PostgreSQL archive the default store needs here; without it the gateway falls back to H2. */
class EmbeddedPostgresConfigTest {

    @Test
    void theJarCarriesLinuxAmd64AndNothingElse() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(EmbeddedPostgresConfig.binariesFor("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(loader.getResource(EmbeddedPostgresConfig.binariesFor("Linux", "amd64"))).isNotNull();
        assertThat(EmbeddedPostgresConfig.binariesFor("Mac OS X", "aarch64")).isEqualTo("postgres-darwin-arm_64.txz");
        assertThat(loader.getResource(EmbeddedPostgresConfig.binariesFor("Mac OS X", "aarch64"))).isNull();
        assertThat(EmbeddedPostgresConfig.binariesFor("Windows 11", "amd64")).isEqualTo("postgres-windows-x86_64.txz");
        assertThat(loader.getResource(EmbeddedPostgresConfig.binariesFor("Windows 11", "amd64"))).isNull();
        assertThat(EmbeddedPostgresConfig.binariesFor("Linux", "aarch64")).isEqualTo("postgres-linux-arm_64.txz");
    }
}
