package cn.gov.sc.rst.filingbridge.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. The platform window (REST and SOAP) and its published contracts are open here because the
 * window signature guard authenticates every call; the operators' API needs an operator login; health is public;
 * everything else is refused. The operators' console ({@code /console/**}) has its own chain: a Chinese login form,
 * a session and CSRF tokens on every form; each operator also has the role PROVINCE (area 510000) or PREFECTURE.
 * In both chains repeated login failures are throttled ({@link LoginThrottle}, {@link LoginGate}); the operators' API,
 * which takes HTTP Basic and so no CSRF token, refuses browsers' cross-site writes ({@link CrossSiteGuard}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
class SecurityConfig {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecurityConfig.class);

    static final String OPERATOR = "OPERATOR";
    static final String PROVINCE = "PROVINCE";
    static final String PREFECTURE = "PREFECTURE";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, OperatorActions actions, OperatorProperties properties,
                                LoginThrottle throttle, ObjectMapper json) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler toPage = new SavedRequestAwareAuthenticationSuccessHandler();
        toPage.setDefaultTargetUrl("/console/cases");
        return http
                .securityMatcher("/console/**", "/css/console.css")
                // a throttled user or address is answered 429 before its password is checked
                .addFilterBefore(new LoginGate(throttle, json, "/console/login"),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/console/login", "/css/console.css").permitAll()
                        .anyRequest().hasRole(OPERATOR))
                // answered here, not through an error dispatch: /error belongs to the API chain, which refuses it
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(403);
                    response.setContentType("text/plain;charset=UTF-8");
                    response.getWriter().write(denied instanceof CsrfException
                            ? "表单已失效，请刷新页面后重试 / the form expired (CSRF token missing or wrong): reload the page"
                            : "无权访问 / access denied");
                }))
                .formLogin(form -> form
                        .loginPage("/console/login")
                        .loginProcessingUrl("/console/login")
                        .successHandler((request, response, authentication) -> {
                            actions.record(authentication.getName(), areaOf(properties, authentication.getName()),
                                    OperatorActions.LOGIN, "console", "登录成功 / logged in from "
                                            + request.getRemoteAddr());
                            toPage.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            String user = username(request);
                            // a configured operator's failed login is an operator action; a made-up name is not,
                            // or anyone could grow operator_action (it is logged and counted by the throttle)
                            properties.configured(user).ifPresentOrElse(
                                    operator -> actions.record(operator, areaOf(properties, operator),
                                            OperatorActions.LOGIN_FAILED, "console", "登录失败 / login failed: "
                                                    + exception.getClass().getSimpleName()),
                                    () -> log.warn("console login failed for an unknown user name from {}",
                                            request.getRemoteAddr()));
                            response.sendRedirect(request.getContextPath() + "/console/login?error");
                        }))
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl("/console/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                actions.record(authentication.getName(), areaOf(properties, authentication.getName()),
                                        OperatorActions.LOGOUT, "console", "已退出 / logged out");
                            }
                        }))
                .build();
    }

    private static String username(HttpServletRequest request) {
        String user = request.getParameter("username");
        return user == null || user.isBlank() ? "(空 / empty)" : user.strip();
    }

    private static String areaOf(OperatorProperties properties, String user) {
        OperatorProperties.Operator o = properties.operators().get(user);
        return o == null || o.area() == null ? null : OperatorScope.normalise(o.area());
    }

    /**
     * The platform's window (REST and SOAP): open here because the window signature guard authenticates every call, so
     * it passes through as few filters as that needs. The chain below permitted these paths too, but ran its login
     * throttle, cross-site guard, HTTP Basic, CSRF and request cache filters on every case, twice with the
     * REST window's asynchronous dispatch: about a tenth of the intake's CPU (docs/benchmarks.md). Security headers
     * are still written.
     */
    @Bean
    @Order(2)
    SecurityFilterChain window(HttpSecurity http) throws Exception {
        return http
                // the servlet's path, as Spring Security's path matchers read it: SOAP is CXF's servlet, not MVC's
                .securityMatcher(request -> isWindow(request.getServletPath()
                        + (request.getPathInfo() == null ? "" : request.getPathInfo())))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    static boolean isWindow(String path) {
        return path.startsWith("/api/window/") || path.equals("/services") || path.startsWith("/services/");
    }

    @Bean
    @Order(3)
    SecurityFilterChain security(HttpSecurity http, LoginThrottle throttle, ObjectMapper json) throws Exception {
        return http
                // HTTP Basic carries no CSRF token: a browser's cross-site write to /api/ops is refused by its headers
                .addFilterBefore(new CrossSiteGuard(json, "/api/ops/"), BasicAuthenticationFilter.class)
                .addFilterBefore(new LoginGate(throttle, json, null), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/services/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // the window has its own chain above; permitted here too, should a path reach this chain
                        .requestMatchers("/api/window/**", "/services/**").permitAll()
                        .requestMatchers("/api/calendar/**").permitAll()
                        .requestMatchers("/api/public/**", "/directory", "/directory/**", "/css/**").permitAll()
                        // the skills system's decisions: the SM2 signature over the body is the authentication
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/skills/v1/decisions").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // an error dispatch answers a fault that already happened: never turned into a 401
                        .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/ops/**", "/actuator/**").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.realmName("skills-filing-bridge"))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Password hash schemes a production operator may use: adaptive ones, never {noop} (clear text). */
    static final java.util.Set<String> PROD_HASHES = java.util.Set.of("{bcrypt}", "{argon2}", "{scrypt}",
            "{pbkdf2}", "{pbkdf2@SpringSecurity_v5_8}", "{argon2@SpringSecurity_v5_8}", "{scrypt@SpringSecurity_v5_8}");

    @Bean
    UserDetailsService operators(OperatorProperties properties, org.springframework.core.env.Environment environment) {
        if (environment.matchesProfiles("prod")) {
            properties.operators().forEach((name, operator) -> {
                String hash = operator.passwordHash() == null ? "" : operator.passwordHash();
                if (!hash.isBlank() && PROD_HASHES.stream().noneMatch(hash::startsWith)) {
                    throw new IllegalStateException("bridge.operators." + name + ".password-hash: the prod profile takes "
                            + "an adaptive hash ({bcrypt}, {argon2}, {scrypt} or {pbkdf2}), not "
                            + (hash.startsWith("{noop}") ? "a clear-text {noop} password" : "this one"));
                }
            });
        }
        List<UserDetails> users = properties.operators().entrySet().stream()
                .filter(e -> e.getValue().passwordHash() != null && !e.getValue().passwordHash().isBlank())
                .map(e -> User.withUsername(e.getKey()).password(e.getValue().passwordHash())
                        .roles(OPERATOR, OperatorScope.PROVINCE_AREA.equals(OperatorScope.normalise(e.getValue().area()))
                                ? PROVINCE : PREFECTURE)
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
