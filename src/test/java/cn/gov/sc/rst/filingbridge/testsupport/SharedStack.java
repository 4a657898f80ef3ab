package cn.gov.sc.rst.filingbridge.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line settings of a gateway that shares one PostgreSQL and one standalone Artemis with other instances
 * (docs/multiple-instances.md) and delivers to the skills system at {@code skillsBaseUrl}: what the fault suite and
 * the soak give each forked instance, before settings of their own.
 */
public final class SharedStack {

    private SharedStack() {
    }

    public static List<String> gatewayArguments(TestPostgres postgres, StandaloneArtemis broker, String instanceId,
                                                String skillsBaseUrl) {
        List<String> arguments = new ArrayList<>();
        postgres.datasourceSettings().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--spring.artemis.mode=native",
                "--spring.artemis.broker-url=" + broker.url(),
                "--spring.artemis.user=" + StandaloneArtemis.USER,
                "--spring.artemis.password=" + StandaloneArtemis.PASSWORD,
                "--bridge.instance-id=" + instanceId,
                "--bridge.skills.base-url=" + skillsBaseUrl,
                // the demo's in-process simulators on free ports: two instances on one host must not meet on 809x
                "--bridge.demo.skills-simulator-port=0",
                "--bridge.demo.ministry-simulator-port=0",
                "--bridge.demo.platform-simulator-port=0",
                // the ministry and the platform are not part of these runs: their queues just fill
                "--camel.main.routes-exclude-pattern=**/forwarding-ministry.camel.yaml,**/forwarding-platform.camel.yaml"));
        return arguments;
    }
}
