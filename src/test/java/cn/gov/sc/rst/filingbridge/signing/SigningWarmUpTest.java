package cn.gov.sc.rst.filingbridge.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up warm-up of Bouncy Castle: it really signs and verifies, and it never holds the JVM open. */
class SigningWarmUpTest {

    @Test
    void warmUpSignsAndVerifiesWithAThrowAwayKey() {
        assertThat(SigningWarmUp.run()).isTrue();
    }

    @Test
    void startReturnsADaemonThreadThatEnds() throws InterruptedException {
        Thread thread = SigningWarmUp.start();

        assertThat(thread.getName()).isEqualTo("signing-warm-up");
        assertThat(thread.isDaemon()).isTrue();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).isFalse();
    }
}
