package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.CharConversionException;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.web.MockHttpServletRequest;

class SoapFaultPolicyTest {

    private final IntakeService intake = mock(IntakeService.class);
    private final SoapFaultPolicy policy = new SoapFaultPolicy(intake);

    private static Message faultMessage(Fault fault) {
        MockHttpServletRequest http = new MockHttpServletRequest("POST", "/services/window");
        http.setAttribute("bridge.appId", "test-app");
        http.setAttribute("bridge.bodySm3", "b0d75e");
        MessageImpl in = new MessageImpl();
        in.put(AbstractHTTPDestination.HTTP_REQUEST, http);
        ExchangeImpl exchange = new ExchangeImpl();
        exchange.setInMessage(in);
        MessageImpl out = new MessageImpl();
        out.setExchange(exchange);
        out.setContent(Exception.class, fault);
        return out;
    }

    private static SoapFault answered(Message message) {
        return (SoapFault) message.getContent(Exception.class);
    }

    @Test
    void aClientFaultIsAnsweredWith400AsItIs() {
        SoapFault fault = new SoapFault("办件未通过校验", Soap11.getInstance().getSender());
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        assertThat(answered(message)).isSameAs(fault);
        assertThat(fault.getStatusCode()).isEqualTo(400);
        verify(intake, never()).recordRefusal(any());
    }

    @Test
    void versionMismatchIsTheRequestsFaultToo() {
        SoapFault fault = new SoapFault("A SOAP 1.2 message is not valid when sent to a SOAP 1.1 only endpoint.",
                new QName(Soap11.SOAP_NAMESPACE, "VersionMismatch"));
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        SoapFault answer = answered(message);
        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(answer.getFaultCode()).isEqualTo(new QName(Soap11.SOAP_NAMESPACE, "VersionMismatch"));
        assertThat(answer.getMessage()).contains("仅接受 SOAP 1.1").contains("only SOAP 1.1 envelopes are accepted");
        assertThat(recordedRefusal().reasonCode()).isEqualTo("soap-version");
        assertThat(recordedRefusal().appId()).isEqualTo("test-app");
    }

    @Test
    void anUnderstoodHeaderFaultIsRecordedInBothLanguages() {
        Message message = faultMessage(new SoapFault("MustUnderstand headers: [{urn:x}y] are not understood.",
                new QName(Soap11.SOAP_NAMESPACE, "MustUnderstand")));

        policy.handleMessage(message);

        assertThat(answered(message).getStatusCode()).isEqualTo(400);
        assertThat(answered(message).getMessage()).contains("mustUnderstand");
        assertThat(recordedRefusal().reasonCode()).isEqualTo("must-understand");
    }

    /** The one refusal the policy recorded. */
    private Refusal recordedRefusal() {
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        return refusal.getValue();
    }

    @Test
    void aServerFaultStays500AndKeepsItsInternalsToItself() {
        Fault fault = new Fault(new IllegalStateException("connection to jdbc:postgresql://db:5432/bridge refused"));
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        SoapFault answer = answered(message);
        assertThat(answer.getFaultCode()).isEqualTo(Soap11.getInstance().getReceiver());
        assertThat(answer.getStatusCode()).isEqualTo(500);
        assertThat(answer.getMessage()).isEqualTo("网关内部错误，请稍后重试 / internal gateway error, please retry later");
        assertThat(answer.getCause()).isNull();
        verify(intake, never()).recordRefusal(any());
    }

    @Test
    void anUnparsableRequestBecomesAClientFaultAndARecordedRefusal() {
        Fault fault = new Fault(new XMLStreamException("Received event DTD, instead of START_ELEMENT or END_ELEMENT."));
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        SoapFault answer = answered(message);
        assertThat(answer.getFaultCode()).isEqualTo(Soap11.getInstance().getSender());
        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(answer.getMessage()).isEqualTo("报文格式错误 / message is malformed");
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue()).isEqualTo(new Refusal(Channel.SOAP, "test-app", null, 400, "malformed",
                List.of(Violation.of("", Rule.MALFORMED)), "b0d75e"));
    }

    @Test
    void aWrongCharacterEncodingIsRefusedAsSuch() {
        Fault fault = new Fault(new XMLStreamException("Invalid UTF-8 start byte 0xbc",
                new CharConversionException("Invalid UTF-8 start byte 0xbc")));
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        assertThat(answered(message).getMessage()).isEqualTo("字符编码错误 / character encoding is invalid");
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().reasonCode()).isEqualTo("encoding");
    }

    @Test
    void aParserLimitIsRefusedAsSize() {
        Fault fault = new Fault(new XMLStreamException("Maximum Element Depth limit (32) Exceeded"));
        Message message = faultMessage(fault);

        policy.handleMessage(message);

        assertThat(answered(message).getStatusCode()).isEqualTo(400);
        ArgumentCaptor<Refusal> refusal = ArgumentCaptor.forClass(Refusal.class);
        verify(intake).recordRefusal(refusal.capture());
        assertThat(refusal.getValue().reasonCode()).isEqualTo("size");
    }

    @Test
    void aFailureToRecordTheRefusalDoesNotTurnTheAnswerInto500() {
        doThrow(new IllegalStateException("store down")).when(intake).recordRefusal(any());
        Message message = faultMessage(new Fault(new XMLStreamException("Unexpected EOF in prolog")));

        policy.handleMessage(message);

        assertThat(answered(message).getStatusCode()).isEqualTo(400);
    }
}
