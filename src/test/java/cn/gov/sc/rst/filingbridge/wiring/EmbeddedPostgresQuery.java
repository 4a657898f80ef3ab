package cn.gov.sc.rst.filingbridge.wiring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The tests' one way to ask a running {@link EmbeddedPostgresServer} something: a connection of its own per query. */
final class EmbeddedPostgresQuery {

    private EmbeddedPostgresQuery() {
    }

    /** The first column of the first row {@code sql} returns, as text. */
    static String first(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row for " + sql);
            }
            return r.getString(1);
        }
    }
}
