package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names are printed on one line (the result notice, the register, the directory), and a change lists each item once
 * (the notice names them): the intake refuses the rest by field, on both windows.
 */
class CaseValidatorTextTest {

    final CaseValidator validator = new CaseValidator(
            Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai")),
            MaterialChecklist.load(MaterialChecklistTest.JSON, "intake/material-checklist.json"), 1 << 20);

    private ObjectNode fixture() throws Exception {
        return (ObjectNode) MaterialChecklistTest.JSON.readTree(
                CaseValidatorTextTest.class.getResourceAsStream("/fixtures/intake/valid-new-filing.json"));
    }

    private List<Violation> validate(ObjectNode node) throws Exception {
        return validator.validate(MaterialChecklistTest.JSON.treeToValue(node, FilingCase.class));
    }

    @Test
    void theFixtureIsValid() throws Exception {
        assertThat(validate(fixture())).isEmpty();
    }

    @Test
    void namesWithLineBreaksTabsOrSeparatorsAreRefusedByField() throws Exception {
        ObjectNode node = fixture();
        node.put("SQRMC", "成都市示范职业技术学校\n");
        node.put("LXRXM", "王\t五");
        ObjectNode applicant = (ObjectNode) node.get("BAB").get("applicant");
        applicant.put("fullName", "成都市示范职业技术学校\n");
        applicant.put("legalRepresentative", "李\u2028四");
        ((ObjectNode) node.get("BAB").get("institution")).put("directorName", "张\r三");

        assertThat(validate(node)).filteredOn(v -> v.rule().equals("one-line")).extracting(Violation::field)
                .containsExactlyInAnyOrder("SQRMC", "LXRXM", "BAB.applicant.fullName",
                        "BAB.applicant.legalRepresentative", "BAB.institution.directorName");
        assertThat(validate(node)).filteredOn(v -> v.rule().equals("one-line")).first().satisfies(v -> {
            assertThat(v.messageZh()).contains("须为一行");
            assertThat(v.messageEn()).contains("must be one line");
        });
    }

    @Test
    void aChangeItemListedTwiceIsRefused() throws Exception {
        ObjectNode node = fixture();
        node.put("YWLX", "变更");
        node.put("BAH", "Y000051000001");
        node.put("BGRQ", "2026-11-20");
        node.putArray("BGSX").add("名称").add("鉴定场所").add("名称");

        assertThat(validate(node)).filteredOn(v -> v.field().startsWith("BGSX")).extracting(Violation::field)
                .containsExactly("BGSX[2]");
    }

    @Test
    void textCharactersAllowLineBreaksButNotNulsLoneSurrogatesOrNoncharacters() {
        assertThat(TextCharacters.isAllowed("第一行\r\n第二行\t。😀")).isTrue();
        assertThat(TextCharacters.isAllowed("a\u0000b")).isFalse();
        assertThat(TextCharacters.isAllowed("a\u0085b")).as("C1 control").isFalse();
        assertThat(TextCharacters.isAllowed("a\ud800b")).isFalse();
        assertThat(TextCharacters.isAllowed("a\udc00")).isFalse();
        assertThat(TextCharacters.isAllowed("a\uffff")).isFalse();
        assertThat(TextCharacters.isOneLine("成都市示范职业技术学校")).isTrue();
        assertThat(TextCharacters.isOneLine("成都市\n示范")).isFalse();
    }
}
