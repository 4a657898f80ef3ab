package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MissingMaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFault;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowPortType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * REST and SOAP produce the same internal case and the same outcomes: every catalogue entry that the SOAP contract
 * can carry (all but the JSON contract's own shape errors) goes over SOAP and is answered as the catalogue says for
 * REST; then the same JSON goes over REST under the same SBLSH and gets the same answer.
 */
class WindowParityIT extends WindowTestSupport {

    private WindowPortType window;

    /** One violation as a window reports it. */
    record Said(String field, String rule, String messageZh, String messageEn) {
        String fieldAndRule() {
            return field + " " + rule;
        }
    }

    @BeforeEach
    void soapClient() {
        window = new SoapWindowClient("http://localhost:" + port, clock).port();
    }

    /** The catalogue without the entries that break the REST contract's JSON shape, which XML cannot express. */
    static Stream<FixtureCatalogue> catalogueBeyondTheJsonContract() {
        return FixtureCatalogue.all(new ObjectMapper())
                .filter(entry -> entry.expectedViolations().stream()
                        .map(violation -> violation.substring(violation.indexOf(' ') + 1))
                        .noneMatch(rule -> rule.startsWith("schema")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogueBeyondTheJsonContract")
    void soapAnswersAsTheCatalogueSaysAndAsRestDoes(FixtureCatalogue entry) throws Exception {
        String sblsh = entry.name() + "-" + UUID.randomUUID().toString().substring(0, 13);
        ObjectNode jsonCase = entry.body().deepCopy();
        jsonCase.put("SBLSH", sblsh);
        FilingCase filingCase = json.treeToValue(jsonCase, FilingCase.class);
        FilingCaseType soapCase = SoapCases.toSoap(filingCase);
        assertThat(SoapMapping.toFilingCase(soapCase, SoapWindow.asJsonReads(json)))
                .as("the SOAP form carries the whole case").isEqualTo(filingCase);

        if (entry.status() == 200) {
            registerInstitutionOf(jsonCase);
            ReceiptType receipt = window.submitCase(soapCase);

            assertThat(receipt.getSBLSH()).isEqualTo(sblsh);
            assertThat(receipt.getMissingMaterials().getMissingMaterial()).extracting(MissingMaterialType::getCode)
                    .containsExactlyInAnyOrderElementsOf(entry.expectedMissing());
            HttpResponse<String> rest = client().postCase(bytes(jsonCase));
            assertThat(rest.statusCode()).as("the same case over REST: " + rest.body()).isEqualTo(200);
            assertThat(json.readTree(rest.body()).get("caseId").asText())
                    .as("REST answers with the receipt of the case stored over SOAP").isEqualTo(receipt.getCaseId());
        } else {
            ValidationFault fault = catchThrowableOfType(ValidationFault.class, () -> window.submitCase(soapCase));

            assertThat(fault).as("a ValidationFault").isNotNull();
            List<Said> soapViolations = fault.getFaultInfo().getViolations().getViolation().stream()
                    .map(v -> new Said(v.getField(), v.getRule(), v.getMessageZh(), v.getMessageEn())).toList();
            assertThat(soapViolations).extracting(Said::fieldAndRule)
                    .containsExactlyInAnyOrderElementsOf(entry.expectedViolations());
            HttpResponse<String> rest = client().postCase(bytes(jsonCase));
            assertThat(rest.statusCode()).isEqualTo(entry.status());
            List<Said> restViolations = new ArrayList<>();
            for (JsonNode v : json.readTree(rest.body()).get("violations")) {
                restViolations.add(new Said(v.get("field").asText(), v.get("rule").asText(),
                        v.get("messageZh").asText(), v.get("messageEn").asText()));
            }
            assertThat(soapViolations).as("the same violations, messages and order as REST")
                    .containsExactlyElementsOf(restViolations);
        }
    }
}
