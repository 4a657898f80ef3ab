package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ResourceLoader;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The purges' intervals are settings (docs/retention.md): the soak shortens them with the purge ages so that the
 * purged tables reach their steady state within its run, and production keeps the intervals they always had. The
 * packaged route files are loaded into a plain Camel context and started; the timers' first runs are minutes away,
 * so nothing fires.
 */
class PurgeScheduleTest {

    private static final List<String> PURGES = List.of("retention-outbox-purge", "intake-nonce-purge",
            "intake-refusal-purge");

    @Test
    void withoutSettingsThePurgesKeepTheirIntervals() throws Exception {
        assertThat(periods(Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "retention-outbox-purge", 3_600_000L, "intake-nonce-purge", 300_000L,
                "intake-refusal-purge", 3_600_000L));
    }

    @Test
    void eachIntervalIsItsOwnSetting() throws Exception {
        assertThat(periods(Map.of("bridge.retention.outbox-purge-interval", "1m",
                "bridge.intake.nonce-purge-interval", "30s", "bridge.intake.refusal-purge-interval", "2h")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("retention-outbox-purge", 60_000L,
                        "intake-nonce-purge", 30_000L, "intake-refusal-purge", 7_200_000L));
    }

    private static Map<String, Long> periods(Map<String, String> settings) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties initial = new Properties();
            initial.putAll(settings);
            camel.getPropertiesComponent().setInitialProperties(initial);
            Purges purges = new Purges();
            for (String bean : List.of("outboxPurge", "caseArchive", "nonceStore", "anonymousRefusals")) {
                camel.getRegistry().bind(bean, purges);
            }
            ResourceLoader resources = PluginHelper.getResourceLoader(camel);
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    resources.resolveResource("classpath:routes/retention.camel.yaml"),
                    resources.resolveResource("classpath:routes/intake-housekeeping.camel.yaml"));
            camel.start();
            Map<String, Long> periods = new HashMap<>();
            for (String route : PURGES) {
                periods.put(route, ((TimerEndpoint) camel.getRoute(route).getEndpoint()).getPeriod());
            }
            return periods;
        }
    }

    /** Has the methods the purge routes call; the routes only need them to start, and never run here. */
    public static final class Purges {
        public int purgeRelayed() {
            return 0;
        }

        public int archive() {
            return 0;
        }

        public int purgeExpired() {
            return 0;
        }

        public int purge() {
            return 0;
        }
    }
}
