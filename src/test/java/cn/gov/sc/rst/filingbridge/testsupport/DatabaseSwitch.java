package cn.gov.sc.rst.filingbridge.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The gateway's database, as a test can fail it: {@link #stop()} refuses every new connection as a server that went
 * away would (SQLSTATE 08001) until {@link #start()}, and {@link #blip} breaks the next few statements of one kind on
 * threads of one kind (SQLSTATE 08006, a connection lost mid-transaction). Every refusal is counted by the name of the
 * thread it met, so a test can wait until a consumer has really been turned away a number of times. Import this
 * configuration into a test context; it wraps the context's {@link DataSource}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DatabaseSwitch {

    private volatile boolean stopped;
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final Map<String, Blip> blips = new ConcurrentHashMap<>();

    private record Blip(String thread, AtomicInteger left) {
    }

    @Bean
    static BeanPostProcessor switchableDataSource(org.springframework.beans.factory.ObjectProvider<DatabaseSwitch> database) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof Switched)) {
                    return new Switched(dataSource, database);
                }
                return bean;
            }
        };
    }

    /** Every new connection is refused from now on. */
    public void stop() {
        stopped = true;
    }

    public void start() {
        stopped = false;
    }

    /** The next {@code times} statements whose SQL contains {@code sql}, prepared on a thread whose name contains {@code thread}, fail. */
    public void blip(String sql, String thread, int times) {
        blips.put(sql, new Blip(thread, new AtomicInteger(times)));
    }

    /** How many connections and statements were refused on threads whose name contains {@code thread}. */
    public int refusedOn(String thread) {
        return refusals.entrySet().stream().filter(e -> e.getKey().contains(thread))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private void refused() {
        refusals.computeIfAbsent(Thread.currentThread().getName(), t -> new AtomicInteger()).incrementAndGet();
    }

    private Connection connection(Connection real) throws SQLException {
        if (stopped) {
            refused();
            throw new SQLTransientConnectionException("Connection refused: the test stopped the database", "08001");
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        for (Map.Entry<String, Blip> blip : blips.entrySet()) {
                            if (sql.contains(blip.getKey())
                                    && Thread.currentThread().getName().contains(blip.getValue().thread())
                                    && blip.getValue().left().getAndDecrement() > 0) {
                                refused();
                                throw new SQLTransientConnectionException("An I/O error occurred while sending to the"
                                        + " backend (the test broke the connection)", "08006");
                            }
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The context's data source behind the switch. */
    static final class Switched extends DelegatingDataSource {

        private final org.springframework.beans.factory.ObjectProvider<DatabaseSwitch> database;

        Switched(DataSource target, org.springframework.beans.factory.ObjectProvider<DatabaseSwitch> database) {
            super(target);
            this.database = database;
        }

        @Override
        public Connection getConnection() throws SQLException {
            DatabaseSwitch db = database.getObject();
            if (db.stopped) {
                return db.connection(null);
            }
            return db.connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            DatabaseSwitch db = database.getObject();
            if (db.stopped) {
                return db.connection(null);
            }
            return db.connection(super.getConnection(username, password));
        }
    }
}
