package cn.gov.sc.rst.filingbridge.workflow;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.workflow.*}: who may sign the skills system's decisions, and the deadline sweep.
 *
 * @param decisionSignerSerials serials (lowercase hex) of the skills system's decision-signing certificates; a decision
 *                              signed by any other certificate of the trust store, however trusted, is refused
 * @param sweep                 the scheduled sweep of expired and overdue clocks
 * @param decisionMaxAge        how long before its receipt a decision may have been taken ({@code decidedAt}); with the
 *                              timestamp tolerance on top, an older decision is refused with 422
 */
@ConfigurationProperties("bridge.workflow")
public record WorkflowProperties(List<String> decisionSignerSerials, @DefaultValue Sweep sweep,
                                 @DefaultValue("3d") Duration decisionMaxAge) {

    public WorkflowProperties {
        decisionSignerSerials = decisionSignerSerials == null ? List.of()
                : decisionSignerSerials.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /**
     * @param enabled  whether the schedule runs (tests switch it off and call {@code DeadlineSweep.sweep()} directly)
     * @param interval time between two sweeps; several instances may sweep at once
     */
    public record Sweep(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration interval) {
    }
}
