package cn.gov.sc.rst.filingbridge.console;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operators: {@code bridge.operators.<username>.password-hash} (a Spring Security encoded hash, e.g. {@code {bcrypt}$2a$…};
 * never a clear password) and {@code .area} (510000 for the province, a 市（州） code such as 510700 otherwise).
 */
@ConfigurationProperties("bridge")
public record OperatorProperties(Map<String, Operator> operators) {

    public OperatorProperties {
        operators = operators == null ? Map.of() : Map.copyOf(operators);
    }

    /** The configured operator a login names (user names compare case-insensitively, as authentication does). */
    public java.util.Optional<String> configured(String user) {
        return user == null ? java.util.Optional.empty()
                : operators.keySet().stream().filter(name -> name.equalsIgnoreCase(user)).findFirst();
    }

    public record Operator(String passwordHash, String area) {
        @Override
        public String toString() {
            return "Operator[area=" + area + ", passwordHash=***]";
        }
    }
}
