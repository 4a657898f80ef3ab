package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowPortType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.WindowService;
import jakarta.xml.ws.BindingProvider;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.cxf.frontend.ClientProxy;

/**
 * The SOAP window as the platform calls it: the JAX-WS client generated from window-v1.wsdl with every request signed
 * over the exact bytes CXF sends, and signed raw posts for what no well-behaved client sends.
 */
final class SoapWindowClient {

    static final String PATH = "/services/window";

    private final String baseUrl;
    private final Clock clock;
    private final WindowClient http;

    SoapWindowClient(String baseUrl, Clock clock) {
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.http = new WindowClient(baseUrl, clock);
    }

    /** A port of the generated client, signing as {@link WindowClient#APP_ID}. */
    WindowPortType port() {
        WindowPortType port = new WindowService().getWindowPort();
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, baseUrl + PATH);
        // A CXF client reads a SOAP fault sent with HTTP 400 only when told to (it expects SOAP 1.1's 500).
        context.put("org.apache.cxf.transport.process_fault_on_http_400", true);
        ClientProxy.getClient(port).getOutInterceptors()
                .add(new WindowSigningInterceptor(WindowClient.APP_ID, WindowClient.SECRET, PATH, clock));
        return port;
    }

    /** Posts exactly these bytes, signed over them. */
    HttpResponse<String> post(byte[] body, String contentType) {
        return http.send(signed(body).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A request to the window signed over {@code body}, with the SOAP 1.1 action header; method and body still to set. */
    HttpRequest.Builder signed(byte[] body) {
        return http.signed("POST", PATH, body, WindowClient.SECRET, String.valueOf(clock.millis()),
                UUID.randomUUID().toString()).header("SOAPAction", "\"\"");
    }

    WindowClient http() {
        return http;
    }
}
