package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.testsupport.ApplicationYaml;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The H2 file under the shipped URL ({@code WRITE_DELAY=0}) takes the same churn twice: rows with a 4 KB text that are
 * inserted and then updated several times each, as a case is while it travels, one auto-commit each. Without
 * housekeeping every commit appends a chunk and nothing reclaims them; with {@link H2Housekeeping} run between
 * batches, the file stays a fraction of that size, and every row still reads back as last written.
 */
class H2HousekeepingIT {

    private static final int ROWS = 300;
    private static final int UPDATES_PER_ROW = 4;
    private static final String TEXT = "案".repeat(1_000) + "x".repeat(1_000);

    @TempDir
    Path dataDir;

    @Test
    void housekeepingKeepsTheFileFromGrowingWithEveryCommit() throws Exception {
        long without = churn(dataDir.resolve("without"), false);
        long with = churn(dataDir.resolve("with"), true);

        System.out.printf("H2HousekeepingIT: %d rows x %d commits: file %d KB without housekeeping, %d KB with%n",
                ROWS, UPDATES_PER_ROW + 1, without / 1024, with / 1024);
        assertThat(with).as("file size with housekeeping vs %d bytes without", without).isLessThan(without / 3);
    }

    /** The churn on a fresh database in {@code dir}; returns the file's size while still open. */
    private long churn(Path dir, boolean housekeeping) throws Exception {
        Environment configured = ApplicationYaml.withOverrides(Map.of("bridge.data-dir", dir.toString()));
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(configured.getRequiredProperty("spring.datasource.url"));
            dataSource.setUsername(configured.getRequiredProperty("spring.datasource.username"));
            dataSource.setPassword(configured.getProperty("spring.datasource.password", ""));
            dataSource.setMaximumPoolSize(2);
            JdbcClient jdbc = JdbcClient.create(dataSource);
            jdbc.sql("CREATE TABLE churn (id INTEGER PRIMARY KEY, state INTEGER NOT NULL, payload VARCHAR NOT NULL)")
                    .update();
            H2Housekeeping keeper = new H2Housekeeping(dataSource, 0);
            for (int row = 0; row < ROWS; row++) {
                jdbc.sql("INSERT INTO churn VALUES (?, 0, ?)").params(row, TEXT + row).update();
                for (int update = 1; update <= UPDATES_PER_ROW; update++) {
                    jdbc.sql("UPDATE churn SET state = ?, payload = ? WHERE id = ?")
                            .params(update, TEXT + row + "/" + update, row).update();
                }
                if (housekeeping && row % 10 == 9) {
                    keeper.run();
                }
            }
            assertThat(jdbc.sql("SELECT COUNT(*) FROM churn WHERE state = ? AND payload LIKE ?")
                    .params(UPDATES_PER_ROW, "%/" + UPDATES_PER_ROW).query(Integer.class).single()).isEqualTo(ROWS);
            return Files.size(dir.resolve("db").resolve("bridge.mv.db"));
        }
    }
}
