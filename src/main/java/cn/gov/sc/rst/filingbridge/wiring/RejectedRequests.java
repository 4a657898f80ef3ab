package cn.gov.sc.rst.filingbridge.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * A request Spring Security's {@code StrictHttpFirewall} rejects (encoded slash or period, {@code //}, {@code ;}
 * parameters, …) is the caller's error: 400 problem+json, never a 500 nor, through the error page, a 401.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);
    private final ObjectMapper json;

    RejectedRequests(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.info("request rejected by the firewall: {}", rejected.getMessage());
        response.setStatus(400);
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.getOutputStream().write(ProblemJson.bytes(json, ProblemJson.of(400, "bad-request",
                "请求路径不合法 / Request path refused", "路径含不允许的字符或写法（编码的斜杠或句点、//、;参数等） / the "
                        + "path holds a character or form that is not allowed (encoded slash or period, //, "
                        + ";parameters, ...)")));
    }
}
