package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

/**
 * The packaged material checklist names the 备案表 data of 填报说明1 (office premises, facilities, archive storage) and
 * 一.3 (the ratios) as part of the 备案表, required of a 设立备案 only; the validator asks the checklist, not its own list.
 */
class MaterialChecklistTest {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    final MaterialChecklist checklist = MaterialChecklist.load(JSON, "intake/material-checklist.json");

    @Test
    void theChecklistNamesTheOfficePremisesAndTheRatiosAsPartOfTheFilingForm() {
        assertThat(checklist.formData()).containsOnlyKeys("BAB.office", "BAB.ratios");
        MaterialChecklist.FormData office = checklist.formData().get("BAB.office");
        assertThat(office.name()).contains("办公场地").contains("配套办公设施").contains("档案资料保管设备");
        assertThat(office.source()).contains("填报说明1");
        assertThat(office.partOf()).isEqualTo("BAB-SCAN");
        MaterialChecklist.FormData ratios = checklist.formData().get("BAB.ratios");
        assertThat(ratios.name()).contains("监考人员").contains("考评人员").contains("专家").contains("考生");
        assertThat(ratios.source()).contains("一.3");
    }

    @Test
    void onlyANewFilingMustCarryThem() {
        for (String path : new String[] {"BAB.office", "BAB.ratios"}) {
            assertThat(checklist.requiresFormData(path, "设立备案")).as(path).isTrue();
            assertThat(checklist.requiresFormData(path, "变更")).as(path).isFalse();
            assertThat(checklist.requiresFormData(path, "补正")).as(path).isFalse();
            assertThat(checklist.requiresFormData(path, "注销")).as(path).isFalse();
        }
    }

    @Test
    void aChangeWithoutOfficeOrRatiosHasNoViolationOfThem() throws Exception {
        CaseValidator validator = new CaseValidator(java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T02:00:00Z"),
                java.time.ZoneId.of("Asia/Shanghai")), checklist, 1 << 20);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                MaterialChecklistTest.class.getResourceAsStream("/fixtures/intake/valid-new-filing.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("BAB")).remove(java.util.List.of("office", "ratios"));
        FilingCase newFiling = JSON.treeToValue(node, FilingCase.class);
        assertThat(validator.validate(newFiling)).extracting(Violation::field)
                .containsExactlyInAnyOrder("BAB.office", "BAB.ratios");

        node.put("YWLX", "变更");
        node.put("BAH", "Y000051001065");
        node.putArray("BGSX").add("名称");
        node.put("BGRQ", "2026-11-25");
        FilingCase change = JSON.treeToValue(node, FilingCase.class);
        assertThat(validator.validate(change)).isEmpty();
    }
}
