package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of the postmaster's children a stop waits for: the backends of client connections, not its own workers. */
class EmbeddedPostgresServerTest {

    @Test
    void aClientConnectionsBackendIsWaitedFor() {
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: bridge bridge 127.0.0.1(41234) idle")).isTrue();
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: bridge bridge ::1(5433) idle in transaction"))
                .isTrue();
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: postgres postgres [local] SELECT")).isTrue();
    }

    @Test
    void theServersOwnProcessesAreNot() {
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: checkpointer")).isFalse();
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: background writer")).isFalse();
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: autovacuum launcher")).isFalse();
        assertThat(EmbeddedPostgresServer.isClientBackend("postgres: logical replication launcher")).isFalse();
        assertThat(EmbeddedPostgresServer.isClientBackend("")).isFalse();
    }

    @Test
    void thisProcesssTitleIsReadFromProc() {
        // on Linux the JVM's own command line; elsewhere nothing, and the stop does not wait
        String title = EmbeddedPostgresServer.processTitle(ProcessHandle.current().pid());
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(title).contains("java");
        } else {
            assertThat(title).isEmpty();
        }
    }
}
