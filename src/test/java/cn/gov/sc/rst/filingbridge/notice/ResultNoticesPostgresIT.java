package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.TrustMaterial;
import cn.gov.sc.rst.filingbridge.testsupport.CaseRow;
import cn.gov.sc.rst.filingbridge.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** V5 and the notice queries (row lock, base64 PDF, dates, time stamps) on a real PostgreSQL 16, as a non-superuser. */
class ResultNoticesPostgresIT {

    private static final char[] PASSWORD = "demo-only".toCharArray();
    private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    static TestPostgres postgres;
    static JdbcClient jdbc;
    static ResultNotices notices;

    @BeforeAll
    static void start() {
        NoticeFonts.packaged();
        postgres = TestPostgres.start();
        DataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        MessageSigner signer = new MessageSigner(
                Pkcs12.signingCredential(Path.of("certs-example/gateway.p12"), PASSWORD, "gateway"));
        notices = new ResultNotices(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), signer,
                new NoticeFontSource("classpath:" + NoticeFont.DEFAULT_RESOURCE),
                Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void insertCase(String caseId, String sblsh) {
        CaseRow.of(caseId, sblsh).applicant("成都市示范职业技术学校", "91510100MA6CXXXX0X").areaCode("510100")
                .receivedAt(OffsetDateTime.parse("2026-11-20T10:00:00+08:00")).insert(jdbc);
    }

    @Test
    void issuedOnceReadBackExactlyAndVerifiable() throws Exception {
        insertCase("pg-case-1", "SC-PG-1");

        IssuedNotice issued = notices.issue(NoticeSamples.filed("pg-case-1", "SC-PG-1"));
        IssuedNotice again = notices.issue(NoticeSamples.filed("pg-case-1", "SC-PG-1"));
        IssuedNotice read = notices.forCase("pg-case-1").orElseThrow();

        assertThat(again.noticeId()).isEqualTo(issued.noticeId());
        assertThat(read.pdf()).isEqualTo(issued.pdf());
        assertThat(read.text()).isEqualTo(issued.text());
        assertThat(read.validFrom()).isEqualTo(issued.validFrom());
        assertThat(read.issuedAt()).isEqualTo(OffsetDateTime.parse("2026-11-27T10:00:00+08:00"));
        MessageVerifier verifier = new MessageVerifier(
                TrustMaterial.load(Path.of("certs-example/truststore.p12"), PASSWORD), Clock.fixed(NOW, ZoneId.of("UTC")));
        verifier.verify(read.pdf(), read.pdfSignature());
        verifier.verify(read.textBytes(), read.textSignature());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM result_notice").query(Long.class).single()).isEqualTo(1);
    }
}
