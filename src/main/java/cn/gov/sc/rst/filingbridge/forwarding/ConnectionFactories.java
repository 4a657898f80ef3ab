package cn.gov.sc.rst.filingbridge.forwarding;

import jakarta.jms.ConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;

/** The broker's own connection factory behind Spring's caching wrappers. */
final class ConnectionFactories {

    private ConnectionFactories() {
    }

    /**
     * {@code factory} without Spring Boot's caching wrapper (a {@link SingleConnectionFactory}, such as its
     * {@code CachingConnectionFactory}), or {@code factory} itself when it is not wrapped.
     */
    static ConnectionFactory uncached(ConnectionFactory factory) {
        ConnectionFactory target = factory;
        while (target instanceof SingleConnectionFactory single && single.getTargetConnectionFactory() != null) {
            target = single.getTargetConnectionFactory();
        }
        return target;
    }
}
