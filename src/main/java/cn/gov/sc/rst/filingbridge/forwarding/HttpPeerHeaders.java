package cn.gov.sc.rst.filingbridge.forwarding;

import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * The one step of the HTTP peers' route template that turns a {@link HttpPeerRequest} into the HTTP message: the
 * message's headers become exactly the request's (nothing of the JMS message leaks to the peer) plus the POST method,
 * and the body becomes the exact bytes signed. The request's path goes to the exchange property {@value #PATH}.
 */
@Component("httpPeerHeaders")
public class HttpPeerHeaders {

    /** The exchange property the route's {@code toD} takes the request's path from. */
    public static final String PATH = "peerPath";

    public byte[] apply(@Body HttpPeerRequest request, @Headers Map<String, Object> headers,
                        @ExchangeProperties Map<String, Object> properties) {
        properties.put(PATH, request.path());
        headers.clear();
        headers.putAll(request.headers());
        headers.put(Exchange.HTTP_METHOD, "POST");
        return request.body();
    }
}
