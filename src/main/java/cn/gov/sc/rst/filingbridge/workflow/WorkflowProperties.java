package cn.gov.sc.rst.filingbridge.workflow;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.workflow.*}: who may sign the skills system's decisions, and the deadline sweep.
 *
 * @param decisionSignerSerials serials (hex, as {@code openssl x509 -serial} prints them) of the skills system's
 *                              decision-signing certificates; a decision signed by any other certificate of the trust
 *                              store, however trusted, is refused
 * @param sweep                 the scheduled sweep of expired and overdue clocks
 * @param decisionMaxAge        how long before its receipt a decision may have been taken ({@code decidedAt}); with the
 *                              timestamp tolerance on top, an older decision is refused with 422
 * @param limits                the clock limits in working days a 市（州） authority set for itself (三(二)), by its area
 *                              code (e.g. {@code bridge.workflow.limits.510700.supplement=3}); each at most the
 *                              province's (5/5/15), else the gateway refuses to start
 */
@ConfigurationProperties("bridge.workflow")
public record WorkflowProperties(List<String> decisionSignerSerials, @DefaultValue Sweep sweep,
                                 @DefaultValue("3d") Duration decisionMaxAge,
                                 java.util.Map<String, Limits> limits) {

    public WorkflowProperties {
        decisionSignerSerials = decisionSignerSerials == null ? List.of()
                : decisionSignerSerials.stream().map(WorkflowProperties::serial).toList();
        limits = limits == null ? java.util.Map.of() : java.util.Map.copyOf(limits);
        limits.forEach(WorkflowProperties::check);
    }

    /**
     * A certificate serial as the verifier names it (lowercase hex, no leading zeros): {@code openssl x509 -serial}
     * prints {@code 0A1B…}, with the leading zero of a first byte below 0x10, and colons are allowed between bytes.
     */
    static String serial(String configured) {
        String hex = configured.strip().replace(":", "");
        try {
            return new java.math.BigInteger(hex, 16).toString(16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bridge.workflow.decision-signer-serials: " + configured
                    + " is not a certificate serial in hex", e);
        }
    }

    /**
     * One 市（州） authority's limits in working days; an unset one is the province's.
     *
     * @param completenessCheck 材料审查, at most 5
     * @param supplement        补正, at most 5
     * @param filing            备案决定, at most 15
     */
    public record Limits(Integer completenessCheck, Integer supplement, Integer filing) {

        Integer of(ClockKind kind) {
            return switch (kind) {
                case COMPLETENESS -> completenessCheck;
                case SUPPLEMENT -> supplement;
                case FILING -> filing;
            };
        }
    }

    private static void check(String area, Limits l) {
        if (area == null || !area.matches("51\\d{2}00")
                || !cn.gov.sc.rst.filingbridge.intake.Prefectures.all().containsKey(area.substring(0, 4))) {
            throw new IllegalArgumentException("bridge.workflow.limits." + area + ": 时限只能由四川省的市（州）人社部门设定，"
                    + "须为其 6 位区划代码（如 510700）/ limits are set by a Sichuan 市（州） authority, keyed by its "
                    + "6-digit area code such as 510700");
        }
        for (ClockKind kind : ClockKind.values()) {
            Integer days = l == null ? null : l.of(kind);
            if (days != null && (days < 1 || days > kind.workingDays())) {
                throw new IllegalArgumentException("bridge.workflow.limits." + area + "." + kind.property() + " = "
                        + days + "：" + kind.label() + "时限须为 1 至 " + kind.workingDays() + " 个工作日，不得高于省上规定"
                        + "（三(二)）/ must be 1 to " + kind.workingDays() + " working days, no longer than the "
                        + "province's limit");
            }
        }
    }

    /** The working days of {@code kind} for the authority of {@code area} (null: the province's). */
    public int workingDays(String area, ClockKind kind) {
        Limits l = area == null ? null : limits.get(area);
        Integer days = l == null ? null : l.of(kind);
        return days != null ? days : kind.workingDays();
    }

    /**
     * @param enabled  whether the schedule runs (tests switch it off and call {@code DeadlineSweep.sweep()} directly)
     * @param interval time between two sweeps; several instances may sweep at once
     */
    public record Sweep(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration interval) {
    }
}
