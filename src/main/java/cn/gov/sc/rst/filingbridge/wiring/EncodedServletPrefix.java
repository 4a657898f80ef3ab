package cn.gov.sc.rst.filingbridge.wiring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose raw path spells a servlet's prefix with percent-encoding (e.g. {@code /%73ervices/window} for the
 * CXF servlet at {@code /services/*}) is the caller's error, answered 400 problem+json by {@link RejectedRequests}
 * before anything else: Spring's path parsing would otherwise fail on it with a 500.
 */
@Configuration(proxyBeanMethods = false)
class EncodedServletPrefix {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> encodedServletPrefixFilter(RejectedRequests rejected) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (request.getHttpServletMapping().getMappingMatch() == MappingMatch.PATH
                        && !request.getRequestURI().startsWith(request.getContextPath() + request.getServletPath())) {
                    rejected.handle(request, response,
                            new RequestRejectedException("the servlet prefix of the path is percent-encoded"));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
