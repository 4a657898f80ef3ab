package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import jakarta.servlet.http.HttpServletRequest;
import java.io.CharConversionException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.interceptor.Soap11FaultOutInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the SOAP window answers faults. SOAP 1.1 sends every fault with HTTP 500; here a fault of the request
 * (soap:Client, VersionMismatch, MustUnderstand) is answered with HTTP 400 and only a soap:Server fault with 500. A request CXF cannot read
 * (malformed XML, a DTD or entity, a parser limit, a wrong character encoding) becomes a soap:Client fault and is
 * recorded as a refusal; so is CXF's VersionMismatch or MustUnderstand, with its code kept and its text in Chinese and
 * English. A server fault's message is replaced, so that internals never reach the caller.
 */
public final class SoapFaultPolicy extends AbstractPhaseInterceptor<Message> {

    private static final Logger log = LoggerFactory.getLogger(SoapFaultPolicy.class);

    /** How Woodstox and CXF word a parser limit, e.g. "Maximum Element Depth limit (32) Exceeded". */
    private static final Pattern PARSER_LIMIT = Pattern.compile("(?i)\\blimit\\b.*\\bexceeded");

    private final IntakeService intake;

    public SoapFaultPolicy(IntakeService intake) {
        super(Phase.PREPARE_SEND);
        addBefore(Soap11FaultOutInterceptor.class.getName());
        this.intake = intake;
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault)) {
            return;
        }
        Optional<Unreadable> unreadable = unreadable(fault);
        Optional<Unreadable> refused = unreadable.or(() -> protocol(fault));
        if (unknownSchema(fault)) {
            // ?xsd=<name> that the contract does not have: the caller asked for a document that does not exist
            log.info("SOAP contract document not found: {}", fault.getMessage());
            SoapFault missing = new SoapFault("契约中没有该文档（可用 ?wsdl 与 WSDL 引用的 ?xsd=）/ no such contract document"
                    + " (use ?wsdl and the ?xsd= the WSDL refers to)", Soap11.getInstance().getSender());
            missing.setStatusCode(404);
            message.setContent(Exception.class, missing);
        } else if (refused.isPresent()) {
            // unreadable: a soap:Client fault; CXF's own answer to a SOAP 1.2 envelope or a mustUnderstand header keeps
            // its code. Either way the text is in both languages and the refusal recorded
            Unreadable reason = refused.get();
            log.info("SOAP request refused ({}): {}", reason.code, fault.getMessage());
            SoapFault refusal = new SoapFault(reason.zh + " / " + reason.en,
                    unreadable.isPresent() ? Soap11.getInstance().getSender() : fault.getFaultCode());
            refusal.setStatusCode(400);
            message.setContent(Exception.class, refusal);
            record(message, reason);
        } else if (!isServerFault(fault)) {
            // a request's fault is 400, except an authentication refusal, which keeps its 401
            fault.setStatusCode(fault.getStatusCode() == 401 ? 401 : 400);
        } else {
            log.error("SOAP request failed on the gateway's side", fault);
            SoapFault internal = new SoapFault("网关内部错误，请稍后重试 / internal gateway error, please retry later",
                    Soap11.getInstance().getReceiver());
            internal.setStatusCode(500);
            message.setContent(Exception.class, internal);
        }
    }

    /** CXF's answer to {@code ?wsdl}/{@code ?xsd=} naming a document the service does not publish. */
    static boolean unknownSchema(Fault fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof org.apache.cxf.frontend.WSDLQueryException) {
                return true;
            }
        }
        return false;
    }

    /** A fault CXF raises about the envelope itself: VersionMismatch (not SOAP 1.1) or MustUnderstand. */
    static Optional<Unreadable> protocol(Fault fault) {
        QName code = fault.getFaultCode();
        if (code == null || !Soap11.SOAP_NAMESPACE.equals(code.getNamespaceURI())) {
            return Optional.empty();
        }
        return switch (code.getLocalPart()) {
            case "VersionMismatch" -> Optional.of(Unreadable.VERSION_MISMATCH);
            case "MustUnderstand" -> Optional.of(Unreadable.MUST_UNDERSTAND);
            default -> Optional.empty();
        };
    }

    /** soap:Server is the gateway's fault; Client, VersionMismatch and MustUnderstand are the request's. */
    static boolean isServerFault(Fault fault) {
        QName code = fault.getFaultCode();
        return code == null || Fault.FAULT_CODE_SERVER.equals(code) || Soap11.getInstance().getReceiver().equals(code);
    }

    /** Why the request bytes could not be read as XML, if that is what the fault says. */
    static Optional<Unreadable> unreadable(Throwable fault) {
        boolean xml = false;
        boolean limit = false;
        for (Throwable t = fault; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CharacterCodingException || t instanceof CharConversionException) {
                return Optional.of(Unreadable.ENCODING);
            }
            if (t instanceof XMLStreamException) {
                xml = true;
                limit |= t.getMessage() != null && PARSER_LIMIT.matcher(t.getMessage()).find();
            }
            // an entity reference the document never declared (&x;) reaches the binding as an event it cannot take:
            // Woodstox then reports "Current event not <type>" instead of a parse error
            if (t.getMessage() != null && t.getMessage().startsWith("Current event not ")) {
                xml = true;
            }
        }
        if (!xml) {
            return Optional.empty();
        }
        return Optional.of(limit ? Unreadable.SIZE : Unreadable.MALFORMED);
    }

    /** The reasons a request cannot be read, with the refusal's reason code and its messages. */
    enum Unreadable {
        MALFORMED(Rule.MALFORMED.code(), Rule.MALFORMED.zh(), Rule.MALFORMED.en()),
        ENCODING(Rule.ENCODING.code(), Rule.ENCODING.zh(), Rule.ENCODING.en()),
        SIZE("size", "报文超出网关的解析限制（元素数量、嵌套深度、文本长度等）",
                "message exceeds the gateway's parser limits (element count, nesting depth, text length, ...)"),
        VERSION_MISMATCH("soap-version", "仅接受 SOAP 1.1 报文（信封命名空间 http://schemas.xmlsoap.org/soap/envelope/）",
                "only SOAP 1.1 envelopes are accepted (namespace http://schemas.xmlsoap.org/soap/envelope/)"),
        MUST_UNDERSTAND("must-understand", "报文含有网关不处理的 mustUnderstand 头",
                "the envelope carries a mustUnderstand header the gateway does not process");

        final String code;
        final String zh;
        final String en;

        Unreadable(String code, String zh, String en) {
            this.code = code;
            this.zh = zh;
            this.en = en;
        }

        Violation violation() {
            return new Violation("", code, zh, en);
        }
    }

    private void record(Message message, Unreadable reason) {
        Message in = message.getExchange() == null ? null : message.getExchange().getInMessage();
        SoapWindow.Caller caller = in != null && in.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest r
                ? SoapWindow.Caller.of(r) : SoapWindow.Caller.UNKNOWN;
        try {
            intake.recordRefusal(new Refusal(Channel.SOAP, caller.appId(), null, 400, reason.code,
                    List.of(reason.violation()), caller.bodySm3()));
        } catch (RuntimeException e) {
            // The refusal is answered either way; a failure to record it must not turn the 400 into a 500.
            log.error("could not record the refusal of an unreadable SOAP request", e);
        }
    }
}
