package cn.gov.sc.rst.filingbridge.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 三(二): a 市（州） sets its own clock limits, never longer than the province's; anything else refuses start. */
class WorkflowLimitsTest {

    private static WorkflowProperties with(String area, WorkflowProperties.Limits limits) {
        return new WorkflowProperties(List.of(), new WorkflowProperties.Sweep(true, Duration.ofMinutes(1)),
                Duration.ofDays(3), Map.of(area, limits));
    }

    @Test
    void aCityUsesItsOwnLimitsAndTheProvinceItsStatutoryOnes() {
        WorkflowProperties p = with("510700", new WorkflowProperties.Limits(4, 3, null));

        assertThat(p.workingDays("510700", ClockKind.COMPLETENESS)).isEqualTo(4);
        assertThat(p.workingDays("510700", ClockKind.SUPPLEMENT)).isEqualTo(3);
        assertThat(p.workingDays("510700", ClockKind.FILING)).as("unset: the province's").isEqualTo(15);
        assertThat(p.workingDays("510100", ClockKind.SUPPLEMENT)).isEqualTo(5);
        assertThat(p.workingDays(null, ClockKind.FILING)).isEqualTo(15);
    }

    @Test
    void limitsLongerThanTheProvincesRefuseStart() {
        assertThatThrownBy(() -> with("510700", new WorkflowProperties.Limits(null, null, 16)))
                .hasMessageContaining("bridge.workflow.limits.510700.filing").hasMessageContaining("不得高于省上规定")
                .hasMessageContaining("no longer than the province's");
        assertThatThrownBy(() -> with("510700", new WorkflowProperties.Limits(6, null, null)))
                .hasMessageContaining("completeness-check");
        assertThatThrownBy(() -> with("510700", new WorkflowProperties.Limits(null, 0, null)))
                .hasMessageContaining("supplement");
        assertThatThrownBy(() -> with("510000", new WorkflowProperties.Limits(3, null, null)))
                .hasMessageContaining("市（州）");
        assertThatThrownBy(() -> with("510703", new WorkflowProperties.Limits(3, null, null)))
                .hasMessageContaining("510700");
        // shaped like a 市（州） code but none of Sichuan's 21: the limit would never apply
        assertThatThrownBy(() -> with("510200", new WorkflowProperties.Limits(3, null, null)))
                .hasMessageContaining("市（州）");
        assertThatThrownBy(() -> with("519900", new WorkflowProperties.Limits(3, null, null)))
                .hasMessageContaining("市（州）");
    }

    @Test
    void decisionSignerSerialsAreComparedAsNumbersNotText() {
        WorkflowProperties p = new WorkflowProperties(List.of("0A1B2C", " 0a:1b:2c ", "FF"),
                new WorkflowProperties.Sweep(true, Duration.ofMinutes(1)), Duration.ofDays(3), null);
        // the verifier names a certificate by BigInteger.toString(16): no leading zero, lowercase
        assertThat(p.decisionSignerSerials()).containsExactly("a1b2c", "a1b2c", "ff");
        assertThatThrownBy(() -> new WorkflowProperties(List.of("not-hex"),
                new WorkflowProperties.Sweep(true, Duration.ofMinutes(1)), Duration.ofDays(3), null))
                .hasMessageContaining("decision-signer-serials").hasMessageContaining("not-hex");
    }
}
