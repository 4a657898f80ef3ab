package cn.gov.sc.rst.filingbridge.forwarding;

import cn.gov.sc.rst.filingbridge.reporting.ReportXml;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportPortType;
import javax.xml.namespace.QName;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.cxf.transport.header.CxfHeaderFilterStrategy;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.ConnectionType;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ministry's filing-report service as a CXF client ({@code cxf:bean:ministryReportClient}): contract first from
 * contracts/ministry-filing-report-v1.wsdl, POJO data format with the generated classes, at
 * {@code bridge.ministry.address}; the peers' connect and read timeouts of {@link DeliveryProperties}; no header of the
 * exchange copied into the request, none of the answer's into the exchange. (The route asks for {@code synchronous}
 * on the URI: the component overwrites an endpoint bean's own setting with its default.)
 *
 * <p>No hidden re-sends: CXF's default conduit on {@code java.net.http.HttpClient} re-sends a POST by itself when a
 * pooled connection turns out to be closed (Tomcat-like servers close it after every 500 and 503), and its one-shot
 * body publisher then sends an empty body. So this client uses CXF's URLConnection conduit with
 * {@code Connection: close}: every report gets a fresh connection, none is ever reused, and a streamed POST is never
 * repeated behind the retry schedule's back. Reports are few; the extra TCP handshake costs nothing that matters.
 */
@Configuration(proxyBeanMethods = false)
class MinistryWiring {

    static final String NAMESPACE = ReportXml.NAMESPACE;

    @Bean
    ReportXml reportXml() {
        return new ReportXml();
    }

    @Bean
    CxfEndpoint ministryReportClient(BridgeProperties bridge, DeliveryProperties delivery) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setAddress(bridge.ministry().address());
        endpoint.setWsdlURL("classpath:contracts/ministry-filing-report-v1.wsdl");
        endpoint.setServiceClass(FilingReportPortType.class);
        endpoint.setServiceNameAsQName(new QName(NAMESPACE, "FilingReportService"));
        endpoint.setPortNameAsQName(new QName(NAMESPACE, "FilingReportPort"));
        endpoint.setDataFormat(DataFormat.POJO);
        endpoint.setDefaultOperationName("ReportFiling");
        CxfHeaderFilterStrategy headers = new CxfHeaderFilterStrategy();
        headers.setInFilterPattern(".*");
        // no Camel header reaches the ministry but the W3C traceparent Camel's tracing puts on the exchange, so that
        // the report continues the case's trace (docs/tracing.md)
        headers.setOutFilterPattern("(?!traceparent$).*");
        endpoint.setHeaderFilterStrategy(headers);
        endpoint.setCxfConfigurer(new PeerTimeouts(delivery));
        return endpoint;
    }

    /** HTTP of the ministry client: URLConnection conduit, one connection per call, timeouts, no redirects. */
    record PeerTimeouts(DeliveryProperties delivery) implements CxfConfigurer {

        /** CXF's contextual property that selects its URLConnection conduit over the HttpClient one. */
        static final String FORCE_URLCONNECTION = "force.urlconnection.http.conduit";

        @Override
        public void configure(AbstractWSDLBasedEndpointFactory factoryBean) {
            // nothing beyond the endpoint's own settings
        }

        @Override
        public void configureClient(Client client) {
            client.getEndpoint().put(FORCE_URLCONNECTION, Boolean.TRUE);
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            HTTPClientPolicy policy = new HTTPClientPolicy();
            policy.setConnectionTimeout(delivery.connectTimeout().toMillis());
            policy.setConnectionRequestTimeout(delivery.connectTimeout().toMillis());
            policy.setReceiveTimeout(delivery.readTimeout().toMillis());
            policy.setAllowChunking(false);
            policy.setAutoRedirect(false);
            policy.setMaxRetransmits(0);
            policy.setConnection(ConnectionType.CLOSE);
            conduit.setClient(policy);
        }

        @Override
        public void configureServer(Server server) {
            // a client only
        }
    }
}
