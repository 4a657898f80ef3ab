package cn.gov.sc.rst.filingbridge.testsupport;

import cn.gov.sc.rst.filingbridge.simulator.PlatformSimulator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The command-line settings of a gateway that shares one PostgreSQL and one standalone Artemis with other instances
 * (docs/multiple-instances.md), delivers to the skills system at {@code skillsBaseUrl} and sends feedback to the
 * platform at {@code platformBaseUrl}: what the fault suite and the soak give each forked instance, before settings of
 * their own. The platform must answer (a {@code PlatformSimulator} signing as {@code demo-platform}): left to the
 * demo's default address, nothing listens there, and every case's feedback would retry for a day beside the load.
 */
public final class SharedStack {

    public static final String PLATFORM_APP_ID = "demo-platform";
    public static final String PLATFORM_SECRET = "demo-secret-change-me";

    private SharedStack() {
    }

    /**
     * Takes a stack down: every gateway killed first, then {@code servers} closed in the order given (the peers'
     * simulators, a proxy, the broker; null for one never started), and the database last, even when one of them
     * fails to close.
     */
    public static void stop(Collection<ForkedGateway> gateways, TestPostgres postgres, AutoCloseable... servers)
            throws Exception {
        gateways.forEach(ForkedGateway::killIfAlive);
        try {
            for (AutoCloseable server : servers) {
                if (server != null) {
                    server.close();
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The platform simulator on a free port, signing its answers as the demo profile's platform app. */
    public static PlatformSimulator platform() throws IOException {
        PlatformSimulator platform = PlatformSimulator.start(0, Clock.systemUTC());
        platform.signAnswersAs(PLATFORM_APP_ID, PLATFORM_SECRET);
        return platform;
    }

    public static List<String> gatewayArguments(TestPostgres postgres, StandaloneArtemis broker, String instanceId,
                                                String skillsBaseUrl, String platformBaseUrl) {
        return gatewayArguments(postgres, broker, instanceId, skillsBaseUrl, platformBaseUrl, null);
    }

    /**
     * As above, with the ministry's route running and reporting to {@code ministryAddress} (a {@code MinistrySimulator}'s
     * address, whose receipts the demo profile trusts); {@code null} leaves the route out, so that the reports of cases
     * filed in the run just wait on their queue.
     */
    public static List<String> gatewayArguments(TestPostgres postgres, StandaloneArtemis broker, String instanceId,
                                                String skillsBaseUrl, String platformBaseUrl, String ministryAddress) {
        List<String> arguments = new ArrayList<>();
        postgres.datasourceSettings().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--spring.artemis.mode=native",
                "--spring.artemis.broker-url=" + broker.url(),
                "--spring.artemis.user=" + StandaloneArtemis.USER,
                "--spring.artemis.password=" + StandaloneArtemis.PASSWORD,
                "--bridge.instance-id=" + instanceId,
                "--bridge.skills.base-url=" + skillsBaseUrl,
                "--bridge.platform.base-url=" + platformBaseUrl,
                // the demo's in-process simulators on free ports: two instances on one host must not meet on 809x
                "--bridge.demo.skills-simulator-port=0",
                "--bridge.demo.ministry-simulator-port=0",
                "--bridge.demo.platform-simulator-port=0"));
        if (ministryAddress == null) {
            // the ministry is not part of this run: its queue just fills
            arguments.add("--camel.main.routes-exclude-pattern=**/forwarding-ministry.camel.yaml");
        } else {
            arguments.add("--bridge.ministry.address=" + ministryAddress);
        }
        return arguments;
    }
}
