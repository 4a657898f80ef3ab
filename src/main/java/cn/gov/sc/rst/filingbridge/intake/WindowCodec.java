package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.ObjectFactory;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** JAXB reading and writing of the SOAP contract's payload elements, on DOM only (no parsing of bytes here). */
final class WindowCodec {

    static final ObjectFactory ELEMENTS = new ObjectFactory();

    private final JAXBContext context;
    private final DocumentBuilderFactory documents;

    WindowCodec() {
        try {
            this.context = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB context for the SOAP contract", e);
        }
        this.documents = DocumentBuilderFactory.newInstance();
        this.documents.setNamespaceAware(true);
    }

    /** The payload as the generated type, or the values the contract's types admit but Java cannot hold. */
    <T> Read<T> read(Element payload, Class<T> type) {
        List<Violation> violations = new ArrayList<>();
        try {
            Unmarshaller unmarshaller = context.createUnmarshaller();
            unmarshaller.setEventHandler(event -> {
                violations.add(violation(event, payload));
                return true;
            });
            JAXBElement<T> element = unmarshaller.unmarshal(payload, type);
            return new Read<>(element.getValue(), violations);
        } catch (JAXBException e) {
            throw new IllegalStateException("unmarshalling a schema-valid payload failed", e);
        }
    }

    /** A generated element (from {@link #ELEMENTS}) as a DOM element of a fresh document. */
    Element write(JAXBElement<?> element) {
        try {
            Document document = documents.newDocumentBuilder().newDocument();
            Marshaller marshaller = context.createMarshaller();
            marshaller.marshal(element, document);
            return document.getDocumentElement();
        } catch (JAXBException | ParserConfigurationException e) {
            throw new IllegalStateException("marshalling " + element.getName(), e);
        }
    }

    private static Violation violation(ValidationEvent event, Element payload) {
        Node node = event.getLocator() == null ? null : event.getLocator().getNode();
        String field = node == null ? "" : WindowSchema.path(node, payload);
        return Violation.of(field, Rule.SCHEMA, "取值超出可处理的范围", "value is outside the range the gateway can hold");
    }

    /** The unmarshalled value and what could not be read into it. */
    record Read<T>(T value, List<Violation> violations) {
    }
}
