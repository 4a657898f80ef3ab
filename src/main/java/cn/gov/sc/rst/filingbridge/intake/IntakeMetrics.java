package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the window takes in, as operators chart it:
 * <ul>
 *   <li>{@code bridge.intake.accepted{channel}}: cases stored (a repeat answered with its stored receipt is not a new
 *       case and does not count);</li>
 *   <li>{@code bridge.intake.refusals{channel, rule}}: requests refused and recorded in {@code intake_refusal}, once
 *       per distinct rule they broke ({@link Rule#code()}), or under their reason code (e.g. {@code conflict}) when
 *       they name no rule. A request that breaks two rules counts under both, so the sum over rules can exceed the
 *       number of refused requests.</li>
 * </ul>
 * Both are registered at zero for every channel (and every {@link Rule}) so that a dashboard and the alert rules see
 * them before the first case. Callers unauthenticated are counted apart ({@code bridge.window.refusals}, see
 * {@link AnonymousRefusals}).
 */
@Component
class IntakeMetrics {

    private final MeterRegistry registry;

    IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Channel channel : Channel.values()) {
            accepted(channel.name());
            for (Rule rule : Rule.values()) {
                refusals(channel.name(), rule.code());
            }
        }
    }

    void accepted(Channel channel) {
        accepted(channel.name()).increment();
    }

    void refused(Refusal refusal) {
        Set<String> rules = new LinkedHashSet<>();
        if (refusal.violations() != null) {
            refusal.violations().forEach(v -> rules.add(v.rule()));
        }
        if (rules.isEmpty()) {
            rules.add(refusal.reasonCode() == null ? "unknown" : refusal.reasonCode());
        }
        String channel = refusal.channel() == null ? "unknown" : refusal.channel().name();
        rules.forEach(rule -> refusals(channel, rule).increment());
    }

    private Counter accepted(String channel) {
        return Counter.builder("bridge.intake.accepted").description("Cases the window accepted and stored")
                .tag("channel", channel).register(registry);
    }

    private Counter refusals(String channel, String rule) {
        return Counter.builder("bridge.intake.refusals")
                .description("Requests the window refused, once per rule broken").tag("channel", channel)
                .tag("rule", rule).register(registry);
    }
}
