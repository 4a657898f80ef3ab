package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import cn.gov.sc.rst.filingbridge.forwarding.OutboundStatus;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Formatting for the console templates ({@code ${@consoleFormat.time(x)}}): Sichuan time, Chinese names of states. */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("RECEIVED", "已受理"), Map.entry("FORWARDED", "已推送技能系统"),
            Map.entry("UNDER_REVIEW", "审查中"), Map.entry("MATERIALS_INCOMPLETE", "材料不全"),
            Map.entry("SUPPLEMENT_REQUESTED", "待补正"), Map.entry("SUPPLEMENTED", "已补正"),
            Map.entry("FILED", "准予备案"), Map.entry("REFUSED", "不予备案"), Map.entry("TERMINATED", "终止办理"),
            Map.entry("CHANGED", "已变更"), Map.entry("CANCELLED", "已注销"), Map.entry("REVOKED", "已撤销"));

    public String time(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(ClockConfig.BUSINESS_ZONE).format(TIME);
    }

    /** 已送达 (DELIVERED): an outbound record's status. */
    public String status(OutboundStatus status) {
        return status == null ? "" : status.label() + " (" + status.name() + ")";
    }

    /** 已受理 (RECEIVED). */
    public String state(String code) {
        if (code == null) {
            return "";
        }
        String name = STATES.get(code);
        return name == null ? code : name + " (" + code + ")";
    }
}
