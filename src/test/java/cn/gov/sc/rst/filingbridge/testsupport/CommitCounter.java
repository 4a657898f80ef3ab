package cn.gov.sc.rst.filingbridge.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts, per stage, the database commits and the statements the gateway makes: an explicit
 * {@link Connection#commit()} is one commit, and so is a writing statement run in auto-commit mode (it commits on its
 * own). A stage is named from the thread that does the work ({@code stageOf}), so the gateway's code is measured as
 * it runs, unchanged. Registered as a {@link BeanPostProcessor} that wraps the application's {@link DataSource}.
 */
public final class CommitCounter implements BeanPostProcessor {

    /** Commits and statements of one stage. */
    public record Tally(long commits, long statements, long autoCommitWrites) {
    }

    private final Function<String, String> stageOf;
    private final Map<String, AtomicLong[]> counts = new ConcurrentHashMap<>();
    /** Each stage's statements by their SQL text (whitespace collapsed), counted: which statements a stage runs. */
    private final Map<String, Map<String, AtomicLong>> statements = new ConcurrentHashMap<>();

    public CommitCounter(Function<String, String> stageOf) {
        this.stageOf = stageOf;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource ds && !(bean instanceof Counting)) {
            return new Counting(ds);
        }
        return bean;
    }

    public void reset() {
        counts.clear();
        statements.clear();
    }

    /** The statements of one stage since the last {@link #reset()}, by SQL text, with how often each ran. */
    public Map<String, Long> statements(String stage) {
        Map<String, Long> out = new TreeMap<>();
        statements.getOrDefault(stage, Map.of()).forEach((sql, n) -> out.put(sql, n.get()));
        return out;
    }

    /** Everything counted since the last {@link #reset()}, by stage. */
    public Map<String, Tally> tallies() {
        Map<String, Tally> out = new TreeMap<>();
        counts.forEach((stage, c) -> out.put(stage, new Tally(c[0].get(), c[1].get(), c[2].get())));
        return out;
    }

    public Tally tally(String stage) {
        return tallies().getOrDefault(stage, new Tally(0, 0, 0));
    }

    private AtomicLong[] current() {
        return counts.computeIfAbsent(stageOf.apply(Thread.currentThread().getName()),
                s -> new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()});
    }

    private void commit() {
        current()[0].incrementAndGet();
    }

    private void counted(Connection connection, String sql) throws SQLException {
        AtomicLong[] c = current();
        c[1].incrementAndGet();
        statements.computeIfAbsent(stageOf.apply(Thread.currentThread().getName()), s -> new ConcurrentHashMap<>())
                .computeIfAbsent(sql == null ? "?" : sql.replaceAll("\\s+", " ").strip(), q -> new AtomicLong())
                .incrementAndGet();
        if (connection.getAutoCommit() && sql != null && writes(sql)) {
            c[0].incrementAndGet();
            c[2].incrementAndGet();
        }
    }

    private static boolean writes(String sql) {
        String s = sql.stripLeading().toUpperCase(Locale.ROOT);
        return !(s.startsWith("SELECT") || s.startsWith("VALUES") || s.startsWith("WITH") || s.startsWith("SHOW")
                || s.startsWith("SET") || s.startsWith("CALL") || s.isEmpty());
    }

    private final class Counting extends DelegatingDataSource {
        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(super.getConnection(username, password));
        }

        private Connection wrap(Connection target) {
            InvocationHandler handler = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "commit" -> commit();
                    case "unwrap", "isWrapperFor" -> {
                        return invoke(target, method, args);
                    }
                    default -> { }
                }
                Object result = invoke(target, method, args);
                if (result instanceof Statement statement && (method.getName().startsWith("prepare"))) {
                    return wrapStatement(statement, target, args != null && args.length > 0 ? (String) args[0] : null);
                }
                if (result instanceof Statement statement) {
                    return wrapStatement(statement, target, null);
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }

        private Object wrapStatement(Statement target, Connection connection, String preparedSql) {
            Class<?>[] interfaces = target instanceof java.sql.CallableStatement
                    ? new Class<?>[] {java.sql.CallableStatement.class}
                    : target instanceof java.sql.PreparedStatement
                            ? new Class<?>[] {java.sql.PreparedStatement.class} : new Class<?>[] {Statement.class};
            InvocationHandler handler = (proxy, method, args) -> {
                String name = method.getName();
                if (name.startsWith("execute")) {
                    String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
                    counted(connection, sql);
                }
                return invoke(target, method, args);
            };
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), interfaces, handler);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
