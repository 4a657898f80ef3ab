package cn.gov.sc.rst.filingbridge.intake;

import java.io.ByteArrayOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP 1.1 faults for requests answered before they reach the SOAP endpoint: Client faults for refusals (size,
 * signature, encoding), Server faults when the gateway cannot serve (not ready, database or broker unavailable).
 */
final class SoapFaults {

    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WINDOW_NS = "http://rst.sc.gov.cn/filing/window/v1";

    private SoapFaults() {
    }

    static WindowReply clientFault(Violation violation) {
        return fault("soap:Client", violation);
    }

    static WindowReply serverFault(Violation violation) {
        return fault("soap:Server", violation);
    }

    private static WindowReply fault(String code, Violation violation) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().newDocument();
            Element envelope = doc.createElementNS(SOAP_ENV, "soap:Envelope");
            doc.appendChild(envelope);
            Element fault = doc.createElementNS(SOAP_ENV, "soap:Fault");
            envelope.appendChild(doc.createElementNS(SOAP_ENV, "soap:Body")).appendChild(fault);
            fault.appendChild(doc.createElement("faultcode")).setTextContent(code);
            fault.appendChild(doc.createElement("faultstring"))
                    .setTextContent(violation.messageZh() + " / " + violation.messageEn());
            Element v = doc.createElementNS(WINDOW_NS, "w:violation");
            fault.appendChild(doc.createElement("detail")).appendChild(v);
            v.appendChild(doc.createElementNS(WINDOW_NS, "w:field")).setTextContent(violation.field());
            v.appendChild(doc.createElementNS(WINDOW_NS, "w:rule")).setTextContent(violation.rule());
            v.appendChild(doc.createElementNS(WINDOW_NS, "w:messageZh")).setTextContent(violation.messageZh());
            v.appendChild(doc.createElementNS(WINDOW_NS, "w:messageEn")).setTextContent(violation.messageEn());
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = tf.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return new WindowReply(0, "text/xml;charset=UTF-8", out.toByteArray());
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("cannot build SOAP fault", e);
        }
    }
}
