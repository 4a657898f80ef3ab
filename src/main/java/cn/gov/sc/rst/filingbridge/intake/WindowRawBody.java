package cn.gov.sc.rst.filingbridge.intake;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * Puts the request's raw bytes, exactly as the {@link WindowGuard} read and authenticated them, into the message
 * body, with the authenticated app id as header {@code bridgeAppId} and the body's SM3, which the guard computed
 * for the signature, as header {@code bridgeBodySm3}. The HTTP binding's own body is not used: it
 * decodes text with a replacement character where bytes do not fit, which would hide undeclared GBK. Both REST routes
 * run it first; a request the guard did not mark gets no app id, and the window refuses it.
 */
@Component("windowRawBody")
class WindowRawBody implements Processor {

    static final String APP_HEADER = "bridgeAppId";
    static final String BODY_SM3_HEADER = "bridgeBodySm3";
    static final String NONCE_HEADER = "bridgeNonce";

    @Override
    public void process(Exchange exchange) {
        PlatformHttpMessage message = exchange.getMessage(PlatformHttpMessage.class);
        HttpServletRequest request = message.getRequest();
        Object body = request.getAttribute(WindowGuard.ATTR_BODY);
        // never what the caller sent as a header of that name: only the guard's mark, or nothing; an unmarked request
        // is refused by the window itself (RestWindow), whatever path brought it here
        message.setBody(body instanceof byte[] bytes ? bytes : new byte[0]);
        message.setHeader(APP_HEADER, request.getAttribute(WindowGuard.ATTR_APP_ID));
        message.setHeader(BODY_SM3_HEADER, request.getAttribute(WindowGuard.ATTR_BODY_SM3));
        message.setHeader(NONCE_HEADER, request.getAttribute(WindowGuard.ATTR_NONCE));
    }
}
