package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.wiring.PersonalData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * About one 18-digit citizen ID number in 31 also passes GB 32100's check. Typed where the unit's credit code belongs, it
 * would be registered and published as the institution's code, so the intake refuses it by name, in both places.
 */
class CreditCodeIsNotAnIdTest {

    final CaseValidator validator = new CaseValidator(
            Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai")),
            MaterialChecklist.load(MaterialChecklistTest.JSON, "intake/material-checklist.json"), 1 << 20);

    @ParameterizedTest
    @ValueSource(strings = {"510104198503120192", "51010419850312066X"})
    void anIdNumberThatPassesTheCreditCodeCheckIsRefusedAsAnIdNumber(String id) throws Exception {
        assertThat(CheckCodes.isCreditCode(id)).as("the premise: GB 32100 alone takes it").isTrue();
        assertThat(PersonalData.isIdNumber(id)).isTrue();
        ObjectNode node = (ObjectNode) MaterialChecklistTest.JSON.readTree(
                CreditCodeIsNotAnIdTest.class.getResourceAsStream("/fixtures/intake/valid-new-filing.json"));
        node.put("SQRZJHM", id);
        ((ObjectNode) node.get("BAB").get("applicant")).put("creditCode", id);

        List<Violation> violations = validator.validate(MaterialChecklistTest.JSON.treeToValue(node, FilingCase.class));

        assertThat(violations).filteredOn(v -> v.rule().equals("credit-code-is-id-number"))
                .extracting(Violation::field).containsExactlyInAnyOrder("SQRZJHM", "BAB.applicant.creditCode");
        assertThat(violations).filteredOn(v -> v.rule().equals("credit-code-is-id-number")).first()
                .satisfies(v -> {
                    assertThat(v.messageZh()).contains("公民身份号码").contains("统一社会信用代码");
                    assertThat(v.messageEn()).contains("citizen ID number");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"12510000450716123C", "91510100MA61R9XW3N"})
    void aRealCreditCodeIsNotAnIdNumber(String code) throws Exception {
        ObjectNode node = (ObjectNode) MaterialChecklistTest.JSON.readTree(
                CreditCodeIsNotAnIdTest.class.getResourceAsStream("/fixtures/intake/valid-new-filing.json"));
        node.put("SQRZJHM", code);
        ((ObjectNode) node.get("BAB").get("applicant")).put("creditCode", code);

        assertThat(validator.validate(MaterialChecklistTest.JSON.treeToValue(node, FilingCase.class)))
                .extracting(Violation::rule).doesNotContain("credit-code-is-id-number");
    }
}
