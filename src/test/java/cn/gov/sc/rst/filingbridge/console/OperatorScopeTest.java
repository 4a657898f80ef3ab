package cn.gov.sc.rst.filingbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorScopeTest {

    @Test
    void theProvinceSeesEveryAuthorityIncludingNone() {
        OperatorScope province = new OperatorScope("p", "510000");
        assertThat(province.province()).isTrue();
        assertThat(province.allows("510100")).isTrue();
        assertThat(province.allows("510700")).isTrue();
        assertThat(province.allows(null)).isTrue();
    }

    @Test
    void aPrefectureSeesOnlyItsOwnAuthorityWhetherWrittenWithFourOrSixDigits() {
        OperatorScope chengdu = new OperatorScope("c", "5101");
        assertThat(chengdu.area()).isEqualTo("510100");
        assertThat(chengdu.province()).isFalse();
        assertThat(chengdu.allows("510100")).isTrue();
        assertThat(chengdu.allows("5101")).isTrue();
        assertThat(chengdu.allows("510700")).isFalse();
        assertThat(chengdu.allows("510000")).isFalse();
        assertThat(chengdu.allows(null)).isFalse();
        assertThat(ConsoleController.inScope(chengdu, "")).as("an unassigned case is the province's").isFalse();
        assertThat(ConsoleController.inScope(new OperatorScope("p", "510000"), "")).isTrue();
    }
}
