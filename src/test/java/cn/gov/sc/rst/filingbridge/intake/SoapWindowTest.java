package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseViewType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ConflictFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.NotFoundFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class SoapWindowTest {

    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final SoapWindow.Caller CALLER = new SoapWindow.Caller("test-app", "b0d75e");
    private static final String GET_CASE = """
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                              xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
              <soapenv:Body><w:GetCase><w:SBLSH>%s</w:SBLSH></w:GetCase></soapenv:Body>
            </soapenv:Envelope>""";

    private final IntakeService intake = mock(IntakeService.class);
    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final SoapWindow window = new SoapWindow(intake, json);
    private final WindowCodec codec = new WindowCodec();

    private static Element validCase() {
        return SoapFixtures.payload(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING));
    }

    private static Element validCaseWith(String from, String to) {
        String xml = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
        assertThat(xml).contains(from);
        return SoapFixtures.payload(xml.replace(from, to));
    }

    private SoapFault clientFault(Runnable call) {
        SoapFault fault = catchThrowableOfType(SoapFault.class, call::run);
        assertThat(fault).as("a SOAP fault").isNotNull();
        assertThat(fault.getFaultCode()).isEqualTo(Soap11.getInstance().getSender());
        assertThat(fault.getStatusCode()).isEqualTo(400);
        return fault;
    }

    private <T> T detail(SoapFault fault, Class<T> type) {
        for (Node n = fault.getDetail().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return codec.read(e, type).value();
            }
        }
        throw new AssertionError("fault has no detail element");
    }

    @Test
    void aValidCaseIsSubmittedAsTheJsonWouldBeAndTheReceiptReturned() throws Exception {
        when(intake.submit(any(), any())).thenReturn(new Receipt("SC20261127000001", "c-1", AT, "RECEIVED",
                List.of(new Receipt.MissingMaterial("HJ-ZGBM", "行业主管部门意见"))));

        Element response = window.submitCase(validCase(), CALLER);

        ArgumentCaptor<FilingCase> submitted = ArgumentCaptor.forClass(FilingCase.class);
        verify(intake).submit(submitted.capture(), eq(new Submission(Channel.SOAP, "test-app", "b0d75e")));
        assertThat(submitted.getValue()).isEqualTo(
                json.readValue(SoapFixtures.text(SoapFixtures.VALID_NEW_FILING_JSON), FilingCase.class));
        assertThat(response.getLocalName()).isEqualTo("SubmitCaseResponse");
        ReceiptType receipt = codec.read(response, ReceiptType.class).value();
        assertThat(receipt.getSBLSH()).isEqualTo("SC20261127000001");
        assertThat(receipt.getCaseId()).isEqualTo("c-1");
        assertThat(receipt.getReceivedAt()).isEqualTo(AT);
        assertThat(receipt.getState()).isEqualTo("RECEIVED");
        assertThat(receipt.getMissingMaterials().getMissingMaterial()).hasSize(1);
    }

    @Test
    void contractViolationsAreRecordedAsARefusalAndAnsweredWithEveryViolation() throws Exception {
        String xml = SoapFixtures.text(SoapFixtures.VALID_NEW_FILING)
                .replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>新办</w:YWLX>")
                .replace("<w:age>36</w:age>", "<w:age>old</w:age>");

        SoapFault fault = clientFault(() -> window.submitCase(SoapFixtures.payload(xml), CALLER));

        List<ViolationType> sent = detail(fault, ValidationFaultType.class).getViolations().getViolation();
        assertThat(sent).extracting(ViolationType::getField).containsExactly("YWLX", "BAB.assessors[0].age");
        assertThat(sent).extracting(ViolationType::getRule).containsOnly("schema");
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().channel()).isEqualTo(Channel.SOAP);
        assertThat(refusal.getValue().appId()).isEqualTo("test-app");
        assertThat(refusal.getValue().sblsh()).isEqualTo("SC20261127000001");
        assertThat(refusal.getValue().httpStatus()).isEqualTo(400);
        assertThat(refusal.getValue().reasonCode()).isEqualTo("schema");
        assertThat(refusal.getValue().violations()).extracting(Violation::field)
                .containsExactly("YWLX", "BAB.assessors[0].age");
        assertThat(refusal.getValue().bodySm3()).isEqualTo("b0d75e");
        verify(intake, never()).submit(any(), any());
    }

    @Test
    void anUnreadableSblshIsNotRecordedWithTheRefusal() {
        Element request = validCaseWith("<w:SBLSH>SC20261127000001</w:SBLSH>", "<w:SBLSH>" + "S".repeat(65) + "</w:SBLSH>");

        clientFault(() -> window.submitCase(request, SoapWindow.Caller.UNKNOWN));

        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().sblsh()).isNull();
        assertThat(refusal.getValue().appId()).isNull();
    }

    @Test
    void aRejectedCaseIsAnsweredWithEveryViolationOfTheRuleSet() throws Exception {
        List<Violation> violations = List.of(Violation.of("GLSBLSH", Rule.REQUIRED),
                Violation.of("BAB.assessors[1].socialSecurityNumber", Rule.ID_NUMBER));
        when(intake.submit(any(), any())).thenThrow(new CaseRejectedException(violations));

        SoapFault fault = clientFault(() -> window.submitCase(validCase(), CALLER));

        assertThat(detail(fault, ValidationFaultType.class).getViolations().getViolation())
                .extracting(ViolationType::getField, ViolationType::getRule, ViolationType::getMessageZh)
                .containsExactly(
                        tuple("GLSBLSH", "required", Rule.REQUIRED.zh()),
                        tuple("BAB.assessors[1].socialSecurityNumber", "id-number",
                                Rule.ID_NUMBER.zh()));
        assertThat(fault.getMessage()).contains("2");
        verify(intake, never()).recordRefusal(any());
    }

    @Test
    void aConflictIsAnsweredWithAConflictFault() throws Exception {
        when(intake.submit(any(), any())).thenThrow(new CaseConflictException("SC20261127000001"));

        SoapFault fault = clientFault(() -> window.submitCase(validCase(), CALLER));

        ConflictFaultType conflict = detail(fault, ConflictFaultType.class);
        assertThat(conflict.getSBLSH()).isEqualTo("SC20261127000001");
        assertThat(conflict.getMessageZh()).isEqualTo(new CaseConflictException("SC20261127000001").messageZh());
        assertThat(conflict.getMessageEn()).isEqualTo(new CaseConflictException("SC20261127000001").messageEn());
    }

    @Test
    void aKnownCaseIsReturnedAndAnUnknownOneIsANotFoundFault() {
        SoapWindow.Caller caller = new SoapWindow.Caller("app-a", "b0d75e");
        when(intake.find("SC1", "app-a")).thenReturn(Optional.of(new CaseView("SC1", "c-1", "设立备案", "RECEIVED", AT,
                List.of(), List.of(new CaseView.Event(1, "case-received", null, "RECEIVED", "window", null, AT)))));
        when(intake.find("SC404", "app-a")).thenReturn(Optional.empty());

        CaseViewType view = codec.read(window.getCase(SoapFixtures.payload(GET_CASE.formatted("SC1")), caller),
                CaseViewType.class).value();
        SoapFault fault = clientFault(() -> window.getCase(SoapFixtures.payload(GET_CASE.formatted("SC404")),
                caller));

        assertThat(view.getCaseId()).isEqualTo("c-1");
        assertThat(view.getHistory().getEvent()).hasSize(1);
        NotFoundFaultType notFound = detail(fault, NotFoundFaultType.class);
        assertThat(notFound.getSBLSH()).isEqualTo("SC404");
    }

    @Test
    void aGetCaseThatBreaksTheContractIsAValidationFaultRecordedAndNoLookUp() {
        SoapFault fault = clientFault(() -> window.getCase(SoapFixtures.payload(GET_CASE.formatted("S".repeat(65))),
                new SoapWindow.Caller("app-a", "b0d75e")));

        assertThat(detail(fault, ValidationFaultType.class).getViolations().getViolation())
                .extracting(ViolationType::getField).containsExactly("SBLSH");
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().appId()).isEqualTo("app-a");
        assertThat(refusal.getValue().sblsh()).isNull();
        verifyNoMoreInteractions(intake);
    }

    @Test
    void theCallerIsReadFromTheAuthenticatedRequestAndMayBeAbsent() {
        MockHttpServletRequest http = new MockHttpServletRequest("POST", "/services/window");
        http.setAttribute("bridge.appId", "test-app");
        http.setAttribute("bridge.bodySm3", "b0d75e");
        MessageImpl withRequest = new MessageImpl();
        withRequest.put(AbstractHTTPDestination.HTTP_REQUEST, http);

        assertThat(SoapWindow.Caller.of(withRequest)).isEqualTo(new SoapWindow.Caller("test-app", "b0d75e"));
        assertThat(SoapWindow.Caller.of(new MessageImpl())).isEqualTo(SoapWindow.Caller.UNKNOWN);
        assertThat(SoapWindow.Caller.of((org.apache.cxf.message.Message) null)).isEqualTo(SoapWindow.Caller.UNKNOWN);
        assertThat(SoapWindow.Caller.of(new MockHttpServletRequest())).isEqualTo(SoapWindow.Caller.UNKNOWN);
    }
}
