package cn.gov.sc.rst.filingbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ports forked gateways and test brokers bind lie below the kernel's ephemeral range, which outgoing connections
 * draw on. The range was once read with Files.readString, which trusts a /proc file's size of 0 and gave "3": every
 * port of 10000–65535 was then possible, and a forked gateway failed to start with "Port … was already in use".
 */
class ForkedGatewayTest {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void aFreePortLiesBelowTheKernelsEphemeralRange() throws Exception {
        assumeTrue(Files.isReadable(RANGE), "no Linux ephemeral port range to stay below");
        int start = Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
        assumeTrue(start > 11_000, "the ephemeral range starts too low to leave room below it");
        for (int i = 0; i < 200; i++) {
            assertThat(ForkedGateway.freePort()).isBetween(10_000, start - 1);
        }
    }
}
