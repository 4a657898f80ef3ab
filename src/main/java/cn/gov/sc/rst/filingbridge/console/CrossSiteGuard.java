package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-site protection for the operators' API ({@code /api/ops/}), which takes HTTP Basic and so no CSRF token: a
 * browser attaches cached Basic credentials to a forged cross-site request, and a browser also says where a request
 * comes from. A state-changing request (POST, PUT, PATCH, DELETE) that a browser marks as coming from elsewhere
 * ({@code Sec-Fetch-Site: cross-site} or {@code same-site}, or an {@code Origin} that is not the gateway's own) is
 * refused with 403 problem+json before authentication. Non-browser clients send neither header and keep working;
 * reads are not state-changing. The console's form login keeps Spring's CSRF tokens.
 */
final class CrossSiteGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteGuard.class);
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FOREIGN_FETCH_SITES = Set.of("cross-site", "same-site");

    private final ObjectMapper json;
    private final String protectedPrefix;

    CrossSiteGuard(ObjectMapper json, String protectedPrefix) {
        this.json = json;
        this.protectedPrefix = protectedPrefix;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT))
                || !path.toLowerCase(Locale.ROOT).startsWith(protectedPrefix);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> why = crossSite(request);
        if (why.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("cross-site {} to the operators' API refused: {}", request.getMethod(), why.get());
        ProblemDetail problem = ProblemJson.of(403, "cross-site",
                "拒绝跨站请求 / Cross-site request refused",
                "运维接口不接受来自其他站点的浏览器请求（" + why.get() + "）；请使用运维控制台或非浏览器客户端 / the "
                        + "operators' API takes no browser request from another site (" + why.get() + "); use the "
                        + "console or a non-browser client");
        response.setStatus(403);
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.getOutputStream().write(ProblemJson.bytes(json, problem));
    }

    /** Why the request is a browser's cross-site request; empty when it is not. */
    static Optional<String> crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && FOREIGN_FETCH_SITES.contains(fetchSite.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("Sec-Fetch-Site: " + fetchSite.strip().toLowerCase(Locale.ROOT));
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin.strip(), request)) {
            return Optional.of("Origin is not the gateway's own");
        }
        return Optional.empty();
    }

    /** Scheme, host and port of {@code origin} equal those the request was addressed to (its Host). */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" (sandboxed or file origins) and anything unparseable
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
            return scheme.equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
