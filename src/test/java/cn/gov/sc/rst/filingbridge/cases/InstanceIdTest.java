package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** bridge.instance-id names the instance; unset, two processes on one host still differ by their pid. */
class InstanceIdTest {

    @Test
    void aConfiguredIdIsUsedAsGiven() {
        assertThat(new InstanceId(" gateway-a ").value()).isEqualTo("gateway-a");
    }

    @Test
    void withoutASettingTheIdEndsInThisProcessId() {
        String id = new InstanceId("").value();

        assertThat(id).endsWith("-" + ProcessHandle.current().pid()).hasSizeGreaterThan(2)
                .hasSizeLessThanOrEqualTo(InstanceId.MAX_LENGTH);
        assertThat(new InstanceId(null).value()).isEqualTo(id);
    }

    @Test
    void anIdLongerThanTheColumnIsRefusedAtStart() {
        assertThatThrownBy(() -> new InstanceId("x".repeat(InstanceId.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bridge.instance-id");
    }
}
