package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.wiring.MaskingConverter;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The record of every operator action (table {@code operator_action}): who, for which area, what, on what, outcome, when. */
@Component
public class OperatorActions {

    private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login-failed";
    public static final String LOGOUT = "logout";
    public static final String REPLAY_DELIVERY = "replay-delivery";
    public static final String REPLAY_MAPPING = "replay-mapping";
    public static final String REPLAY_DEAD_LETTER = "replay-dead-letter";
    public static final String RELOAD_CALENDAR = "reload-calendar";
    public static final String TAKE_SNAPSHOT = "take-snapshot";
    public static final String IMPORT_INSTITUTIONS = "import-institutions";

    private final JdbcClient jdbc;
    private final Clock clock;

    OperatorActions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One recorded action as the actions page shows it. */
    public record Action(long id, String operator, String area, String action, String target, String outcome,
                         OffsetDateTime at) {
    }

    public void record(String operator, String area, String action, String target, String outcome) {
        String why = outcome == null ? "" : MaskingConverter.mask(outcome);
        jdbc.sql("""
                INSERT INTO operator_action (operator_name, area, action, target, outcome, acted_at)
                VALUES (:operator, :area, :action, :target, :outcome, :at)""")
                .param("operator", cut(operator, 100)).param("area", area == null ? null : cut(area, 6))
                .param("action", action).param("target", target == null ? null : cut(target, 200))
                .param("outcome", cut(why, 1000)).param("at", OffsetDateTime.now(clock)).update();
        log.info("operator {} ({}) {} {}: {}", operator, area, action, target, why);
    }

    /** The latest actions, newest first: all of them for the province, the area's own for a 市（州）. */
    public List<Action> latest(OperatorScope scope, int limit) {
        return jdbc.sql("""
                SELECT action_id, operator_name, area, action, target, outcome, acted_at FROM operator_action
                WHERE :all = 1 OR area = :area ORDER BY acted_at DESC, action_id DESC LIMIT :limit""")
                .param("all", scope.province() ? 1 : 0).param("area", scope.area()).param("limit", limit)
                .query((rs, i) -> new Action(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
