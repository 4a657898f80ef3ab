package cn.gov.sc.rst.filingbridge.wiring;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page ({@code /error}, reached by error dispatch) as RFC 9457 problem+json through Spring's
 * {@link ProblemDetail}, without internals and without echoing the request path. A fault on the gateway's side is
 * named truthfully: the database or broker unavailable is 503 with {@code Retry-After}; never a 401.
 */
@RestController
class ProblemErrors implements ErrorController {

    static final int RETRY_AFTER_SECONDS = 30;

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Throwable cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        boolean unavailable = status >= 500 && dependencyDown(cause);
        if (unavailable) {
            status = 503;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = unavailable ? "unavailable"
                : known == null ? "error" : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        ProblemDetail problem = ProblemJson.of(status, reason, unavailable ? "服务暂时不可用 / Service temporarily unavailable"
                : status >= 500 ? "网关内部错误 / Internal gateway error"
                : "请求被拒绝 / Request refused" + (known == null ? "" : " (" + known.getReasonPhrase() + ")"));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == 503) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        }
        return answer.body(problem);
    }

    private static boolean dependencyDown(Throwable failure) {
        return InfrastructureFailures.is(failure);
    }
}
