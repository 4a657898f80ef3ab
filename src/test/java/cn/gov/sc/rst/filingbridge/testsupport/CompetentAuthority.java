package cn.gov.sc.rst.filingbridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test support: who may decide a case. Decisions come from the case's competent authority only. */
public final class CompetentAuthority {

    private static final String PROVINCE = "四川省人力资源和社会保障厅";

    private CompetentAuthority() {
    }

    /**
     * The competent authority of the case {@code sblsh} as the mapping determined it (waiting for the mapping), or the
     * province for a case the gateway does not hold.
     */
    public static String of(JdbcClient jdbc, String sblsh) {
        if (jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Integer.class).single() == 0) {
            return PROVINCE;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT authority_name FROM filing_case WHERE sblsh = ?").param(sblsh).query(String.class)
                .optional().isPresent());
        return jdbc.sql("SELECT authority_name FROM filing_case WHERE sblsh = ?").param(sblsh).query(String.class)
                .single();
    }
}
