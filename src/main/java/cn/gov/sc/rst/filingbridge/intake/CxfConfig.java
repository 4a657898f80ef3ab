package cn.gov.sc.rst.filingbridge.intake;

import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.cxf.transport.header.CxfHeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SOAP window's CXF endpoint, {@code /services/window} (the CXF servlet is mounted at {@code cxf.path}): contract
 * first from contracts/window-v1.wsdl, PAYLOAD data format, parser limits from {@link SoapLimits}, DTDs refused,
 * client faults answered with HTTP 400, and no header of the exchange copied into the answer.
 */
@Configuration(proxyBeanMethods = false)
class CxfConfig {

    static final String NAMESPACE = "http://rst.sc.gov.cn/filing/window/v1";
    static final QName SERVICE = new QName(NAMESPACE, "WindowService");
    static final QName PORT = new QName(NAMESPACE, "WindowPort");

    @Bean
    SoapFaultPolicy soapFaultPolicy(IntakeService intake) {
        return new SoapFaultPolicy(intake);
    }

    @Bean
    CxfEndpoint windowEndpoint(SoapLimits limits, SoapFaultPolicy faultPolicy) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setAddress("/window");
        endpoint.setWsdlURL("classpath:contracts/window-v1.wsdl");
        endpoint.setServiceNameAsQName(SERVICE);
        endpoint.setPortNameAsQName(PORT);
        // the same names as text ("{namespace}local"): Camel checks only these when it builds the service and warned
        // on every start that the names were empty and it would take the WSDL's first service and port
        endpoint.setServiceName(SERVICE.toString());
        endpoint.setPortName(PORT.toString());
        endpoint.setDataFormat(DataFormat.PAYLOAD);
        Map<String, Object> properties = new HashMap<>(limits.asCxfProperties());
        // The route validates against the XSD itself, so that every error is reported at once.
        properties.put("schema-validation-enabled", false);
        properties.put("faultStackTraceEnabled", false);
        properties.put("exceptionMessageCauseEnabled", false);
        endpoint.setProperties(properties);
        endpoint.getOutFaultInterceptors().add(faultPolicy);
        // By default the request's HTTP headers (X-App-Signature, X-Nonce, Host, User-Agent, ...) become exchange
        // headers and are copied back into the answer. The route needs none of them (WindowGuard hands on the caller
        // as request attributes), so none comes in and none goes out; User-Agent is copied out past any out-filter.
        CxfHeaderFilterStrategy headers = new CxfHeaderFilterStrategy();
        headers.setInFilterPattern(".*");
        headers.setOutFilterPattern(".*");
        endpoint.setHeaderFilterStrategy(headers);
        return endpoint;
    }
}
