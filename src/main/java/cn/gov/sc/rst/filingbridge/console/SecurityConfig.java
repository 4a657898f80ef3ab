package cn.gov.sc.rst.filingbridge.console;

import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. The platform window (REST and SOAP) and its published contracts are open here because the
 * window signature guard authenticates every call; the operators' API needs an operator login; health is public;
 * everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
class SecurityConfig {

    static final String OPERATOR = "OPERATOR";

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/services/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/window/**", "/services/**").permitAll()
                        .requestMatchers("/api/calendar/**").permitAll()
                        .requestMatchers("/api/public/**", "/directory", "/directory/**", "/css/**").permitAll()
                        // the skills system's decisions: the SM2 signature over the body is the authentication
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/skills/v1/decisions").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/api/ops/**", "/actuator/**").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.realmName("skills-filing-bridge"))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operators(OperatorProperties properties) {
        List<UserDetails> users = properties.operators().entrySet().stream()
                .filter(e -> e.getValue().passwordHash() != null && !e.getValue().passwordHash().isBlank())
                .map(e -> User.withUsername(e.getKey()).password(e.getValue().passwordHash()).roles(OPERATOR).build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
