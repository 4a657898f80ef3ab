package cn.gov.sc.rst.filingbridge.intake;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * The SOAP window's XML Schema (contracts/window-v1.xsd) applied to a request payload, reporting every error at once
 * as {@link Rule#SCHEMA} violations (a malformed SBLSH or GLSBLSH as {@link Rule#SBLSH_FORMAT}) with the field path
 * the REST contract uses ({@code BAB.assessors[1].name}, indexes
 * from 0). Messages name the broken constraint and never echo the offending value.
 */
final class WindowSchema {

    static final String NAMESPACE = "http://rst.sc.gov.cn/filing/window/v1";
    static final String LOCATION = "contracts/window-v1.xsd";

    /** Xerces' property holding the DOM element under validation while an error is reported. */
    private static final String CURRENT_ELEMENT_NODE = "http://apache.org/xml/properties/dom/current-element-node";

    /** Elements that only wrap a list: their items appear in paths as an index, as JSON arrays do. */
    private static final Set<String> LIST_WRAPPERS = Set.of(
            "BGSX", "occupations", "levels", "equipment", "managementStaff", "assessors", "regulations", "CLQD");

    private static final Pattern ERROR_KEY = Pattern.compile("^(cvc-[\\w.\\-]+):");
    private static final Pattern MAX_LENGTH = Pattern.compile("with respect to maxLength '(\\d+)'");
    private static final Pattern ENUMERATION = Pattern.compile("with respect to enumeration '\\[(.*)]'\\. It must be");
    private static final Pattern FOR_TYPE = Pattern.compile("for (?:type )?'([\\w:]+)'\\.?$");
    private static final Pattern EXPECTED = Pattern.compile("One of '\\{(.*)}' is expected\\.$");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("(?:\"[^\"]*\":)?([\\w\\-]+)");
    private static final Pattern ATTRIBUTE = Pattern.compile("^cvc-complex-type\\.3\\.2\\.2: Attribute '([^']{1,64})'");

    private final Schema schema;

    WindowSchema() {
        this(WindowSchema.class.getClassLoader().getResource(LOCATION));
    }

    WindowSchema(URL xsd) {
        Objects.requireNonNull(xsd, "classpath:" + LOCATION);
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            this.schema = factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load " + LOCATION, e);
        }
    }

    /** Every contract violation of the payload element (e.g. {@code SubmitCase}); empty if it conforms. */
    List<Violation> validate(Element payload) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("validator refuses to be locked down", e);
        }
        Collector collector = new Collector(validator, payload);
        validator.setErrorHandler(collector);
        try {
            validator.validate(new DOMSource(payload));
        } catch (SAXException e) {
            collector.add(null, e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("validating an in-memory DOM cannot do I/O", e);
        }
        return collector.violations;
    }

    /**
     * The field path of a node below the payload element, in the REST contract's notation: list wrappers and their
     * item elements become an index, e.g. {@code BAB/assessors/assessor[2]/name} is {@code BAB.assessors[1].name}.
     */
    static String path(Node node, Element payload) {
        List<Element> chain = new ArrayList<>();
        for (Node n = node; n != null && n != payload; n = n.getParentNode()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                chain.add(0, (Element) n);
            } else if (n.getNodeType() == Node.ATTRIBUTE_NODE) {
                n = ((org.w3c.dom.Attr) n).getOwnerElement();
                chain.add(0, (Element) n);
            }
        }
        StringBuilder path = new StringBuilder();
        for (Element e : chain) {
            Node parent = e.getParentNode();
            if (parent != payload && parent instanceof Element p && LIST_WRAPPERS.contains(p.getLocalName())) {
                path.append('[').append(indexAmongSiblings(e)).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(e.getLocalName());
            }
        }
        return path.toString();
    }

    private static int indexAmongSiblings(Element e) {
        int index = 0;
        for (Node s = e.getPreviousSibling(); s != null; s = s.getPreviousSibling()) {
            if (s.getNodeType() == Node.ELEMENT_NODE) {
                index++;
            }
        }
        return index;
    }

    /** Bilingual description of a Xerces error without the offending value: [zh, en]. */
    static String[] describe(String xercesMessage) {
        String message = xercesMessage == null ? "" : xercesMessage.strip();
        Matcher key = ERROR_KEY.matcher(message);
        String code = key.find() ? key.group(1) : "";
        switch (code) {
            case "cvc-complex-type.2.4.a", "cvc-complex-type.2.4.d", "cvc-complex-type.2.4.c" -> {
                String expected = expected(message);
                return expected.isEmpty()
                        ? new String[] {"元素未在契约中定义或不在规定位置", "element is not defined by the contract at this position"}
                        : new String[] {"元素未在契约中定义或不在规定位置，此处应为 " + expected + " 之一",
                                "element is not defined by the contract at this position; expected one of " + expected};
            }
            case "cvc-complex-type.2.4.b" -> {
                String expected = expected(message);
                return new String[] {"缺少必需的子元素 " + expected, "missing required child element " + expected};
            }
            case "cvc-complex-type.2.3", "cvc-complex-type.2.1" -> {
                return new String[] {"该元素只能包含子元素，不得包含文本", "element may contain child elements only, no text"};
            }
            case "cvc-type.3.1.2" -> {
                return new String[] {"该元素为简单类型，不得包含子元素", "element has a simple type and may not contain elements"};
            }
            case "cvc-complex-type.3.2.2" -> {
                Matcher a = ATTRIBUTE.matcher(message);
                String name = a.find() ? a.group(1) : "";
                return new String[] {"不允许出现属性 " + name, "attribute " + name + " is not allowed"};
            }
            case "cvc-maxLength-valid" -> {
                Matcher m = MAX_LENGTH.matcher(message);
                String max = m.find() ? m.group(1) : "?";
                return new String[] {"长度超过上限 " + max + " 个字符", "longer than " + max + " characters"};
            }
            case "cvc-enumeration-valid" -> {
                Matcher m = ENUMERATION.matcher(message);
                String allowed = m.find() ? m.group(1).replace(", ", "、") : "";
                return new String[] {"取值应为 " + allowed + " 之一", "value must be one of " + allowed};
            }
            case "cvc-pattern-valid" -> {
                return typeMessage(forType(message));
            }
            case "cvc-datatype-valid.1.2.1", "cvc-datatype-valid.1.2.2", "cvc-datatype-valid.1.2.3" -> {
                return typeMessage(forType(message));
            }
            case "cvc-type.3.1.3" -> {
                return new String[] {"取值不符合类型要求", "value does not match its type"};
            }
            case "cvc-elt.3.1", "cvc-elt.3.2.1", "cvc-elt.3.2.2" -> {
                return new String[] {"不允许使用 xsi:nil", "xsi:nil is not allowed"};
            }
            case "cvc-elt.4.1", "cvc-elt.4.2", "cvc-elt.4.3" -> {
                return new String[] {"不允许使用 xsi:type", "xsi:type is not allowed here"};
            }
            case "" -> {
                return new String[] {"报文不符合 XML Schema", "message does not conform to the XML Schema"};
            }
            default -> {
                return new String[] {"违反 XML Schema 约束 " + code, "violates XML Schema constraint " + code};
            }
        }
    }

    private static String expected(String message) {
        Matcher m = EXPECTED.matcher(message);
        if (!m.find()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            Matcher n = QUALIFIED_NAME.matcher(part.strip());
            if (n.matches()) {
                names.add(n.group(1));
            }
        }
        return String.join("、", names);
    }

    private static String forType(String message) {
        Matcher m = FOR_TYPE.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    private static String[] typeMessage(String type) {
        return switch (type.replaceFirst("^.*:", "")) {
            case "int", "integer" -> new String[] {"应为整数", "must be an integer"};
            case "decimal" -> new String[] {"应为十进制数，如 320.5", "must be a decimal number such as 320.5"};
            case "boolean" -> new String[] {"应为 true 或 false", "must be true or false"};
            case "date", "Date" -> new String[] {"应为日期，格式 YYYY-MM-DD，不带时区", "must be a date YYYY-MM-DD without time zone"};
            case "dateTime", "DateTime" -> new String[] {"应为带时区的日期时间，如 2026-11-20T09:30:00+08:00",
                    "must be a date-time with offset such as 2026-11-20T09:30:00+08:00"};
            default -> new String[] {"取值不符合类型要求", "value does not match its type"};
        };
    }

    /** Collects every error; the follow-up error Xerces reports for the same value is dropped. */
    private static final class Collector implements ErrorHandler {

        private final Validator validator;
        private final Element payload;
        private final List<Violation> violations = new ArrayList<>();
        private String lastPath;

        Collector(Validator validator, Element payload) {
            this.validator = validator;
            this.payload = payload;
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings do not break the contract
        }

        @Override
        public void error(SAXParseException e) {
            add(currentNode(), e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) {
            add(currentNode(), e.getMessage());
        }

        void add(Node node, String message) {
            String field = node == null ? "" : path(node, payload);
            if (message != null && message.startsWith("cvc-type.3.1.3") && field.equals(lastPath)) {
                return;
            }
            // Xerces names a broken facet cvc-<facet>-valid (e.g. cvc-maxLength-valid)
            String facet = message == null ? null : message.replaceFirst("^cvc-([A-Za-z]+)-valid.*$", "$1");
            if (Rule.breaksSblshFormat(facet) && "Sblsh".equals(forType(message).replaceFirst("^.*:", ""))) {
                if (violations.stream().noneMatch(v -> v.field().equals(field)
                        && v.rule().equals(Rule.SBLSH_FORMAT.code()))) {
                    violations.add(Violation.of(field, Rule.SBLSH_FORMAT));
                }
            } else {
                String[] text = describe(message);
                violations.add(Violation.of(field, Rule.SCHEMA, text[0], text[1]));
            }
            lastPath = field;
        }

        private Node currentNode() {
            try {
                return (Node) validator.getProperty(CURRENT_ELEMENT_NODE);
            } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
                return null;
            }
        }
    }
}
