package cn.gov.sc.rst.filingbridge.cases;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name this gateway process goes by among the instances that share one database and one broker:
 * {@code bridge.instance-id}, or when that is not set, {@code <hostname>-<pid>}, which differs between any two processes
 * running at the same time. It is recorded on what one instance claimed for itself (the outbox's {@code relayed_by}).
 */
@Component
public final class InstanceId {

    private static final Logger log = LoggerFactory.getLogger(InstanceId.class);
    /** The width of {@code outbox.relayed_by}. */
    static final int MAX_LENGTH = 100;

    private final String value;

    InstanceId(@Value("${bridge.instance-id:}") String configured) {
        String pid = "-" + ProcessHandle.current().pid();
        String host = hostname();
        this.value = configured == null || configured.isBlank()
                ? host.substring(0, Math.min(host.length(), MAX_LENGTH - pid.length())) + pid
                : configured.strip();
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("bridge.instance-id is longer than " + MAX_LENGTH + " characters: "
                    + value);
        }
        log.info("instance id {}", value);
    }

    public String value() {
        return value;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "host" : env;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
