package cn.gov.sc.rst.filingbridge.forwarding;

import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * The one step of the HTTP peers' route template that turns a {@link HttpPeerRequest} into the HTTP message: the
 * message's headers become exactly the request's (nothing of the JMS message leaks to the peer) plus the POST method,
 * and the body becomes the exact bytes signed.
 */
@Component("httpPeerHeaders")
public class HttpPeerHeaders {

    public byte[] apply(@Body HttpPeerRequest request, @Headers Map<String, Object> headers) {
        headers.clear();
        headers.putAll(request.headers());
        headers.put(Exchange.HTTP_METHOD, "POST");
        return request.body();
    }
}
