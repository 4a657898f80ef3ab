package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every catalogue case through the real REST window: status, and exactly the expected violations or missing list. */
class IntakeCatalogueIT extends WindowTestSupport {

    static Stream<FixtureCatalogue> catalogue() {
        return FixtureCatalogue.all(new ObjectMapper());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersAsTheCatalogueSays(FixtureCatalogue entry) throws Exception {
        long casesBefore = count("filing_case");
        long refusalsBefore = count("intake_refusal");
        if (entry.status() == 200) {
            registerInstitutionOf(entry.body());
        }

        HttpResponse<String> response = client().postCase(bytes(entry.body()));
        JsonNode answer = json.readTree(response.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(entry.status());
        if (entry.status() == 200) {
            List<String> missing = new ArrayList<>();
            answer.get("missingMaterials").forEach(m -> missing.add(m.get("code").asText()));
            assertThat(missing).containsExactlyInAnyOrderElementsOf(entry.expectedMissing());
            assertThat(answer.get("SBLSH").asText()).isEqualTo(entry.name());
            assertThat(count("filing_case")).isEqualTo(casesBefore + 1);
        } else {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            List<String> violations = new ArrayList<>();
            answer.get("violations").forEach(v -> {
                violations.add(v.get("field").asText() + " " + v.get("rule").asText());
                assertThat(v.get("messageZh").asText()).isNotBlank();
                assertThat(v.get("messageEn").asText()).isNotBlank();
            });
            assertThat(violations).containsExactlyInAnyOrderElementsOf(entry.expectedViolations());
            assertThat(count("filing_case")).as("nothing stored for a refused case").isEqualTo(casesBefore);
            assertThat(count("intake_refusal")).as("the refusal is recorded").isEqualTo(refusalsBefore + 1);
        }
    }
}
