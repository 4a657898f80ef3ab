package cn.gov.sc.rst.filingbridge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Under prod an operator's password is an adaptive hash: a clear-text {noop} password refuses the start. */
class ProdOperatorHashTest {

    private static MockEnvironment profile(String profile) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profile);
        return environment;
    }

    private static OperatorProperties operator(String hash) {
        return new OperatorProperties(Map.of("ops-sc", new OperatorProperties.Operator(hash, "510000")));
    }

    @Test
    void prodRefusesAClearTextPassword() {
        assertThatThrownBy(() -> new SecurityConfig().operators(operator("{noop}secret"), profile("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bridge.operators.ops-sc.password-hash")
                .hasMessageContaining("{noop}");
    }

    @Test
    void prodTakesABcryptHashAndOtherProfilesStillTakeNoop() {
        String bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("secret");
        assertThat(bcrypt).startsWith("{bcrypt}");
        assertThat(new SecurityConfig().operators(operator(bcrypt), profile("prod")).loadUserByUsername("ops-sc"))
                .isNotNull();
        assertThat(new SecurityConfig().operators(operator("{noop}secret"), profile("staging"))
                .loadUserByUsername("ops-sc")).isNotNull();
    }
}
