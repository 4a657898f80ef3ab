package cn.gov.sc.rst.filingbridge.wiring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The gateway's own settings, all under {@code bridge.*} so that environment variables (BRIDGE_…) work. */
@ConfigurationProperties("bridge")
public record BridgeProperties(
        @DefaultValue("./data") String dataDir,
        @DefaultValue Platform platform,
        @DefaultValue Peer skills,
        @DefaultValue Ministry ministry,
        @DefaultValue Intake intake,
        @DefaultValue Queues queues) {

    /** The platform window: one secret per calling app, and where feedback goes back to. */
    public record Platform(@DefaultValue("http://localhost:8091") String baseUrl, Map<String, App> apps) {
        public Platform {
            apps = apps == null ? Map.of() : Map.copyOf(apps);
        }
    }

    public record App(String secret) {
        @Override
        public String toString() {
            return "App[secret=***]";
        }
    }

    public record Peer(@DefaultValue("http://localhost:8092") String baseUrl) {
    }

    /**
     * The ministry's filing-report service, and the serials (lowercase hex) of the certificates it signs receipts with:
     * a receipt signed by any other certificate of the trust store, however trusted, is not the ministry's.
     */
    public record Ministry(@DefaultValue("http://localhost:8093/services/filing-report") String address,
                           List<String> signerSerials) {
        public Ministry {
            signerSerials = signerSerials == null ? List.of() : List.copyOf(signerSerials);
        }
    }

    /** Limits at the window's edge. */
    public record Intake(
            @DefaultValue("10485760") int maxBodyBytes,
            @DefaultValue("2097152") int maxInlineMaterialBytes,
            @DefaultValue("5m") Duration timestampTolerance,
            @DefaultValue("64") int maxNestingDepth,
            @DefaultValue("67108864") long maxUnverifiedBytes) {
    }

    public record Queues(@DefaultValue("bridge.cases.accepted") String accepted) {
    }
}
