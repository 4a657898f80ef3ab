package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseViewType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ConflictFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EventType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MissingMaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.NotFoundFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.w3c.dom.Element;

class SoapMappingTest {

    private static final String CASE = """
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                              xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
              <soapenv:Body><w:SubmitCase>%s</w:SubmitCase></soapenv:Body>
            </soapenv:Envelope>""";

    private final WindowCodec codec = new WindowCodec();

    /** The gateway's JSON reading as Spring Boot sets it up by default, and with time-zone adjustment off. */
    static Stream<Arguments> jsonReadings() {
        ObjectMapper bootDefault = Jackson2ObjectMapperBuilder.json().build();
        ObjectMapper keepOffset = Jackson2ObjectMapperBuilder.json()
                .featuresToDisable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();
        return Stream.of(Arguments.of("Spring Boot default", bootDefault),
                Arguments.of("ADJUST_DATES_TO_CONTEXT_TIME_ZONE off", keepOffset));
    }

    private FilingCase fromSoap(String envelope, ObjectMapper json) {
        Element payload = SoapFixtures.payload(envelope);
        WindowCodec.Read<FilingCaseType> read = codec.read(payload, FilingCaseType.class);
        assertThat(read.violations()).isEmpty();
        return SoapMapping.toFilingCase(read.value(), SoapWindow.asJsonReads(json));
    }

    private static FilingCase fromJson(String json, ObjectMapper mapper) throws JsonProcessingException {
        return mapper.readValue(json, FilingCase.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonReadings")
    void theSoapFormOfTheFixtureIsTheSameCaseAsTheJsonFixture(String reading, ObjectMapper json) throws Exception {
        FilingCase soap = fromSoap(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING), json);
        FilingCase rest = fromJson(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING_JSON), json);

        assertThat(soap).isEqualTo(rest);
        assertThat(json.writeValueAsString(soap)).isEqualTo(json.writeValueAsString(rest));
    }

    @Test
    void withTimeZoneAdjustmentOffTheOffsetIsKeptAsSent() {
        ObjectMapper keepOffset = Jackson2ObjectMapperBuilder.json()
                .featuresToDisable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

        FilingCase soap = fromSoap(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING), keepOffset);

        assertThat(soap.sbsj()).isEqualTo(OffsetDateTime.of(2026, 11, 20, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonReadings")
    void absentElementsAndEmptyListsMapAsAbsentMembersAndEmptyArraysDo(String reading, ObjectMapper json)
            throws Exception {
        String xml = CASE.formatted("""
                <w:SBLSH>SC1</w:SBLSH><w:BGSX/><w:SQRMC></w:SQRMC>
                <w:BAB><w:occupations><w:occupation><w:code>4-04-05-01</w:code><w:levels/></w:occupation></w:occupations>
                  <w:sites><w:theory><w:areaSquareMetres>600</w:areaSquareMetres></w:theory></w:sites></w:BAB>
                <w:CLQD><w:material><w:code>QT</w:code></w:material></w:CLQD>""");
        String jsonCase = """
                {"SBLSH": "SC1", "BGSX": [], "SQRMC": "",
                 "BAB": {"occupations": [{"code": "4-04-05-01", "levels": []}],
                         "sites": {"theory": {"areaSquareMetres": 600}}},
                 "CLQD": [{"code": "QT"}]}""";

        FilingCase soap = fromSoap(xml, json);

        assertThat(soap).isEqualTo(fromJson(jsonCase, json));
        assertThat(soap.bgsx()).isEmpty();
        assertThat(soap.bab().assessors()).isNull();
        assertThat(soap.bab().occupations().get(0).levels()).isEmpty();
        assertThat(soap.ywlx()).isNull();
    }

    @Test
    void receiptFieldsMapToTheResponse() {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHours(8));
        Receipt receipt = new Receipt("SC1", "c-1", at, "RECEIVED",
                List.of(new Receipt.MissingMaterial("AQXF-YJYA", "安全、消防应急预案")));

        ReceiptType soap = SoapMapping.toReceipt(receipt);

        assertThat(soap.getSBLSH()).isEqualTo("SC1");
        assertThat(soap.getCaseId()).isEqualTo("c-1");
        assertThat(soap.getReceivedAt()).isEqualTo(at);
        assertThat(soap.getState()).isEqualTo("RECEIVED");
        assertThat(soap.getMissingMaterials().getMissingMaterial())
                .extracting(MissingMaterialType::getCode, MissingMaterialType::getName)
                .containsExactly(tuple("AQXF-YJYA", "安全、消防应急预案"));
        assertThat(codec.write(WindowCodec.ELEMENTS.createSubmitCaseResponse(soap)).getTextContent())
                .contains("2026-11-27T10:00:00+08:00");
    }

    @Test
    void caseViewAndHistoryMapToTheResponse() {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHours(8));
        CaseView view = new CaseView("SC1", "c-1", "设立备案", "RECEIVED", at, List.of(),
                List.of(new CaseView.Event(1, "case-received", null, "RECEIVED", "window:test-app", null, at)));

        CaseViewType soap = SoapMapping.toCaseView(view);

        assertThat(soap.getYWLX()).isEqualTo("设立备案");
        assertThat(soap.getMissingMaterials().getMissingMaterial()).isEmpty();
        assertThat(soap.getHistory().getEvent())
                .extracting(EventType::getSeq, EventType::getType, EventType::getFromState, EventType::getToState,
                        EventType::getActor, EventType::getReason, EventType::getAt)
                .containsExactly(tuple(1, "case-received", null, "RECEIVED", "window:test-app", null, at));
    }

    @Test
    void everyViolationGoesIntoTheValidationFaultDetail() {
        List<Violation> violations = List.of(
                Violation.of("SBLSH", Rule.REQUIRED),
                Violation.of("BAB.assessors[1].socialSecurityNumber", Rule.ID_NUMBER),
                Violation.of("CLQD[0]", Rule.MATERIAL_SOURCE));

        ValidationFaultType fault = SoapMapping.toValidationFault(violations);

        assertThat(fault.getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule, ViolationType::getMessageZh,
                        ViolationType::getMessageEn)
                .containsExactly(
                        tuple("SBLSH", "required", Rule.REQUIRED.zh(), Rule.REQUIRED.en()),
                        tuple("BAB.assessors[1].socialSecurityNumber", "id-number", Rule.ID_NUMBER.zh(),
                                Rule.ID_NUMBER.en()),
                        tuple("CLQD[0]", "material-source", Rule.MATERIAL_SOURCE.zh(), Rule.MATERIAL_SOURCE.en()));
    }

    @Test
    void conflictAndNotFoundFaultsCarryTheSblshAndBothMessages() {
        CaseConflictException conflict = new CaseConflictException("SC1");

        ConflictFaultType c = SoapMapping.toConflictFault(conflict);
        NotFoundFaultType n = SoapMapping.toNotFoundFault("SC404");

        assertThat(c.getSBLSH()).isEqualTo("SC1");
        assertThat(c.getMessageZh()).isEqualTo(conflict.messageZh());
        assertThat(c.getMessageEn()).isEqualTo(conflict.messageEn());
        assertThat(n.getSBLSH()).isEqualTo("SC404");
        assertThat(n.getMessageZh()).contains("SC404", "不存在");
        assertThat(n.getMessageEn()).contains("SC404", "no case");
    }
}
