package cn.gov.sc.rst.filingbridge.wiring;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the wall clock is read. {@code clock} is business time (deadlines, timestamps): tests replace it to
 * move time. {@link BrokerTime} is always the real time: it stamps broker scheduling (Artemis schedules against its
 * own wall clock), so it must never be moved.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfig {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    BrokerTime brokerTime() {
        return new BrokerTime(Clock.systemUTC());
    }
}
