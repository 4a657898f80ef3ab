package cn.gov.sc.rst.filingbridge.console;

import java.security.Principal;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The scope of the logged-in operator, from {@code bridge.operators.<name>.area}. */
@Component
class OperatorScopes {

    private final OperatorProperties properties;

    OperatorScopes(OperatorProperties properties) {
        this.properties = properties;
    }

    OperatorScope of(Principal principal) {
        if (principal == null) {
            throw new AccessDeniedException("未登录 / not logged in");
        }
        return of(principal.getName());
    }

    OperatorScope of(String operator) {
        OperatorProperties.Operator o = properties.operators().get(operator);
        if (o == null || o.area() == null || o.area().isBlank()) {
            throw new AccessDeniedException("操作员未配置所属地区 / operator " + operator + " has no area configured");
        }
        return new OperatorScope(operator, o.area());
    }
}
