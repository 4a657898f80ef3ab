package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReceiptType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.ObjectFactory;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The exact bytes of reports and receipts (contracts/ministry-filing-report-v1.xsd, "signature rule"): a
 * {@code FilingReport} or {@code FilingReceipt} element serialised once by JAXB as UTF-8 with an XML declaration and
 * no indentation. Those bytes are what is signed, stored and sent; the receiving side verifies them before it reads
 * them, so no canonical form is needed and none is computed.
 *
 * <p>Writing checks the document against the schema, so nothing that breaks the contract is ever signed. Reading
 * refuses DTDs (no entity expansion, no external fetches) and checks the schema. Thread-safe.
 */
public final class ReportXml {

    /** The contract's namespace. */
    public static final String NAMESPACE = "http://rst.sc.gov.cn/filing/ministry-report/v1";
    /** Where the contract's schema is on the classpath. */
    public static final String SCHEMA = "contracts/ministry-filing-report-v1.xsd";

    private static final ObjectFactory ELEMENTS = new ObjectFactory();

    private final JAXBContext context;
    private final Schema schema;
    private final DocumentBuilderFactory documents;

    public ReportXml() {
        try {
            this.context = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB context for the ministry contract", e);
        }
        this.schema = loadSchema();
        this.documents = DocumentBuilderFactory.newDefaultInstance();
        this.documents.setNamespaceAware(true);
        this.documents.setXIncludeAware(false);
        this.documents.setExpandEntityReferences(false);
        try {
            this.documents.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            this.documents.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made to refuse DTDs", e);
        }
    }

    /** The report's bytes: what is signed and sent. */
    public byte[] report(FilingReportType report) throws ReportContractException {
        return write(ELEMENTS.createFilingReport(report));
    }

    /** The receipt's bytes: what the ministry signs and sends. */
    public byte[] receipt(FilingReceiptType receipt) throws ReportContractException {
        return write(ELEMENTS.createFilingReceipt(receipt));
    }

    /** A report from its bytes, once they are known to be schema-valid. */
    public FilingReportType report(byte[] bytes) throws ReportContractException {
        return read(bytes, FilingReportType.class, "FilingReport");
    }

    /** A receipt from its bytes, once they are known to be schema-valid. */
    public FilingReceiptType receipt(byte[] bytes) throws ReportContractException {
        return read(bytes, FilingReceiptType.class, "FilingReceipt");
    }

    /** The bytes as text, as stored; they are UTF-8 by the contract. */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] write(JAXBElement<?> element) throws ReportContractException {
        try {
            Marshaller marshaller = context.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_ENCODING, StandardCharsets.UTF_8.name());
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.FALSE);
            marshaller.setSchema(schema);
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            marshaller.marshal(element, out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new ReportContractException(element.getName().getLocalPart() + " breaks " + SCHEMA + ": "
                    + message(e), e);
        }
    }

    private <T> T read(byte[] bytes, Class<T> type, String elementName) throws ReportContractException {
        Document document;
        try {
            DocumentBuilder builder = documents.newDocumentBuilder();
            builder.setErrorHandler(new Strict());
            document = builder.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ReportContractException("not a readable XML document: " + message(e), e);
        }
        String root = document.getDocumentElement().getLocalName();
        if (!elementName.equals(root) || !NAMESPACE.equals(document.getDocumentElement().getNamespaceURI())) {
            throw new ReportContractException("expected a " + elementName + " element of " + NAMESPACE
                    + ", found {" + document.getDocumentElement().getNamespaceURI() + "}" + root, null);
        }
        try {
            Unmarshaller unmarshaller = context.createUnmarshaller();
            unmarshaller.setSchema(schema);
            return unmarshaller.unmarshal(document, type).getValue();
        } catch (JAXBException e) {
            throw new ReportContractException(elementName + " breaks " + SCHEMA + ": " + message(e), e);
        }
    }

    private static Schema loadSchema() {
        URL url = ReportXml.class.getClassLoader().getResource(SCHEMA);
        if (url == null) {
            throw new IllegalStateException(SCHEMA + " is not on the classpath");
        }
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException(SCHEMA + " cannot be loaded", e);
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t instanceof JAXBException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Errors end the parse (as an exception, not a line on standard error); warnings are ignored. */
    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }
}
