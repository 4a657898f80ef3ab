package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Takes the day's signed snapshot on {@code bridge.directory.snapshot.cron} (Sichuan time; default 00:05 every day).
 * Off with {@code bridge.directory.snapshot.enabled=false} (the tests take snapshots on demand). Idempotent per date,
 * so several instances may all run it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "bridge.directory.snapshot.enabled", havingValue = "true", matchIfMissing = true)
class SnapshotSchedule {

    private static final Logger log = LoggerFactory.getLogger(SnapshotSchedule.class);

    private final DirectorySnapshots snapshots;

    SnapshotSchedule(DirectorySnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Scheduled(cron = "${bridge.directory.snapshot.cron:0 5 0 * * *}", zone = ClockConfig.BUSINESS_ZONE_ID)
    void daily() {
        try {
            snapshots.take(snapshots.today());
        } catch (SigningException | RuntimeException e) {
            log.error("the daily directory snapshot could not be taken; it is retried at the next run or on demand "
                    + "(POST /api/ops/v1/directory/snapshots)", e);
        }
    }
}
