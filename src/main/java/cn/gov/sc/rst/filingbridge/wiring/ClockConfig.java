package cn.gov.sc.rst.filingbridge.wiring;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the wall clock is read and the one place its time zone is set. {@code clock} is business time
 * (deadlines, timestamps) in {@link #BUSINESS_ZONE}: code that needs today's date or a local time takes the zone from
 * the injected clock ({@code LocalDate.now(clock)}, {@code clock.getZone()}), so tests that replace the clock to move
 * time also decide the zone. {@link BrokerTime} is always the real time: it stamps broker scheduling (Artemis
 * schedules against its own wall clock), so it must never be moved.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfig {

    /** Sichuan (and the ministry in Beijing) keep China Standard Time; as a string for annotations. */
    public static final String BUSINESS_ZONE_ID = "Asia/Shanghai";
    /**
     * The business clock's zone, for code without the clock at hand: rendering a stored instant as Sichuan time, a
     * peer simulator's own time.
     */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of(BUSINESS_ZONE_ID);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }

    @Bean
    BrokerTime brokerTime() {
        return new BrokerTime(Clock.systemUTC());
    }
}
