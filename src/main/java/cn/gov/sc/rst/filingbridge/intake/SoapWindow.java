package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseQueryType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.bind.JAXBElement;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import org.apache.camel.Header;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.converter.jaxp.XmlConverter;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The SOAP window (contracts/window-v1.wsdl) in front of {@link IntakeService}: checks each request against the XSD
 * reporting every error at once, maps it to the intake model and maps results and refusals back to the contract's
 * response and fault elements. Camel and CXF types stay in the two route-facing methods and the fault helpers.
 */
@Component("soapWindow")
public class SoapWindow {

    /** Request attributes the window's authentication filter sets on every authenticated call. */
    static final String APP_ID_ATTRIBUTE = "bridge.appId";
    static final String BODY_SM3_ATTRIBUTE = "bridge.bodySm3";

    private static final Logger log = LoggerFactory.getLogger(SoapWindow.class);

    private final IntakeService intake;
    private final WindowSchema schema;
    private final WindowCodec codec;
    private final UnaryOperator<OffsetDateTime> asJsonReads;
    private final XmlConverter xml = new XmlConverter();

    @Autowired
    SoapWindow(IntakeService intake, ObjectMapper json) {
        this(intake, new WindowSchema(), new WindowCodec(), asJsonReads(json));
    }

    SoapWindow(IntakeService intake, WindowSchema schema, WindowCodec codec, UnaryOperator<OffsetDateTime> asJsonReads) {
        this.intake = intake;
        this.schema = schema;
        this.codec = codec;
        this.asJsonReads = asJsonReads;
    }

    /**
     * A date-time as the REST window's JSON reading gives it: the same ISO-8601 text through the same ObjectMapper,
     * so that time-zone adjustment (Jackson's ADJUST_DATES_TO_CONTEXT_TIME_ZONE) applies to SOAP exactly as to REST.
     */
    static UnaryOperator<OffsetDateTime> asJsonReads(ObjectMapper json) {
        return value -> json.convertValue(value.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), OffsetDateTime.class);
    }

    /** Route entry for the SubmitCase operation. */
    public CxfPayload<SoapHeader> submitCase(CxfPayload<SoapHeader> request,
                                             @Header(CxfConstants.CAMEL_CXF_MESSAGE) Message cxfMessage) {
        return response(submitCase(payload(request), authenticated(Caller.of(cxfMessage))));
    }

    /** Route entry for the GetCase operation. */
    public CxfPayload<SoapHeader> getCase(CxfPayload<SoapHeader> request,
                                          @Header(CxfConstants.CAMEL_CXF_MESSAGE) Message cxfMessage) {
        return response(getCase(payload(request), authenticated(Caller.of(cxfMessage))));
    }

    /**
     * Defence in depth: an operation reached without the window guard's mark is refused with a soap:Client fault
     * (HTTP 401), never answered. It means a path the guard did not recognise as the window's: a defect, logged so.
     */
    private static Caller authenticated(Caller caller) {
        if (caller.appId() == null) {
            log.error("a SOAP window request arrived without the window guard's authentication; refused");
            SoapFault fault = new SoapFault("身份认证失败：请求未经签名认证 / authentication failed: the request was not "
                    + "authenticated", Soap11.getInstance().getSender());
            fault.setStatusCode(401);
            throw fault;
        }
        return caller;
    }

    Element submitCase(Element request, Caller caller) {
        List<Violation> violations = schema.validate(request);
        if (!violations.isEmpty()) {
            refuse(request, caller, violations);
        }
        WindowCodec.Read<FilingCaseType> read = codec.read(request, FilingCaseType.class);
        if (!read.violations().isEmpty()) {
            refuse(request, caller, read.violations());
        }
        FilingCase filingCase = SoapMapping.toFilingCase(read.value(), asJsonReads);
        try {
            Receipt receipt = intake.submit(filingCase, new Submission(Channel.SOAP, caller.appId(), caller.bodySm3(),
                    caller.nonce()));
            return codec.write(WindowCodec.ELEMENTS.createSubmitCaseResponse(SoapMapping.toReceipt(receipt)));
        } catch (NonceStore.Replayed e) {
            // the guard's answer to a replayed nonce, for a replay that raced the first use past the guard's check
            Violation v = NonceStore.Replayed.violation();
            SoapFault fault = new SoapFault(v.messageZh() + " / " + v.messageEn(), Soap11.getInstance().getSender());
            fault.setStatusCode(401);
            throw fault;
        } catch (CaseRejectedException e) {
            throw validationFault(e.violations());
        } catch (CaseConflictException e) {
            throw clientFault(e.messageZh() + " / " + e.messageEn(),
                    WindowCodec.ELEMENTS.createConflictFault(SoapMapping.toConflictFault(e)));
        }
    }

    /** The caller's own case; another app's is answered with the NotFoundFault an unknown SBLSH gets. */
    Element getCase(Element request, Caller caller) {
        List<Violation> violations = schema.validate(request);
        if (!violations.isEmpty()) {
            refuse(request, caller, violations);
        }
        String sblsh = codec.read(request, CaseQueryType.class).value().getSBLSH();
        Optional<CaseView> view = intake.find(sblsh, caller.appId());
        if (view.isEmpty()) {
            var fault = SoapMapping.toNotFoundFault(sblsh);
            throw clientFault(fault.getMessageZh() + " / " + fault.getMessageEn(),
                    WindowCodec.ELEMENTS.createNotFoundFault(fault));
        }
        return codec.write(WindowCodec.ELEMENTS.createGetCaseResponse(SoapMapping.toCaseView(view.get())));
    }

    /** Records the refusal of a request that breaks the contract and answers it with a ValidationFault. */
    private void refuse(Element request, Caller caller, List<Violation> violations) {
        String sblsh = readableSblsh(request, violations);
        intake.recordRefusal(new Refusal(Channel.SOAP, caller.appId(), sblsh, 400, Rule.SCHEMA.code(), violations,
                caller.bodySm3()));
        log.info("SOAP request refused with {} contract violation(s)", violations.size());
        throw validationFault(violations);
    }

    /** The SBLSH as sent, when the element is present and itself conforms to the contract. */
    private static String readableSblsh(Element request, List<Violation> violations) {
        if (violations.stream().anyMatch(v -> v.field().equals("SBLSH"))) {
            return null;
        }
        for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && WindowSchema.NAMESPACE.equals(e.getNamespaceURI())
                    && "SBLSH".equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private SoapFault validationFault(List<Violation> violations) {
        return clientFault("办件未通过校验（" + violations.size() + " 项） / the request failed validation ("
                + violations.size() + " violation(s))",
                WindowCodec.ELEMENTS.createValidationFault(SoapMapping.toValidationFault(violations)));
    }

    /** A soap:Client fault carrying one of the contract's fault elements as its detail; answered with HTTP 400. */
    private SoapFault clientFault(String message, JAXBElement<?> detail) {
        SoapFault fault = new SoapFault(message, Soap11.getInstance().getSender());
        fault.setStatusCode(400);
        Element container = fault.getOrCreateDetail();
        container.appendChild(container.getOwnerDocument().importNode(codec.write(detail), true));
        return fault;
    }

    private Element payload(CxfPayload<SoapHeader> request) {
        List<Source> body = request.getBodySources();
        if (body.isEmpty()) {
            throw new SoapFault("SOAP 报文体为空 / empty SOAP body", Soap11.getInstance().getSender());
        }
        try {
            return xml.toDOMElement(body.get(0));
        } catch (TransformerException | ParserConfigurationException | IOException | SAXException e) {
            throw new SoapFault("报文格式错误 / message is malformed", e, Soap11.getInstance().getSender());
        }
    }

    private static CxfPayload<SoapHeader> response(Element element) {
        return new CxfPayload<>(List.of(), List.of(element));
    }

    /** The authenticated app and the SM3 of the raw body, as the window's authentication filter recorded them. */
    record Caller(String appId, String bodySm3, NonceStore.Pending nonce) {

        static final Caller UNKNOWN = new Caller(null, null);

        Caller(String appId, String bodySm3) {
            this(appId, bodySm3, null);
        }

        static Caller of(Message cxfMessage) {
            Object request = cxfMessage == null ? null : cxfMessage.get(AbstractHTTPDestination.HTTP_REQUEST);
            return request instanceof HttpServletRequest http ? of(http) : UNKNOWN;
        }

        static Caller of(HttpServletRequest request) {
            return new Caller(attribute(request, APP_ID_ATTRIBUTE), attribute(request, BODY_SM3_ATTRIBUTE),
                    request.getAttribute(WindowGuard.ATTR_NONCE) instanceof NonceStore.Pending p ? p : null);
        }

        private static String attribute(HttpServletRequest request, String name) {
            return request.getAttribute(name) instanceof String s ? s : null;
        }
    }
}
