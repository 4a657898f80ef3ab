package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.CaseState;
import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.cases.CaseStore;
import cn.gov.sc.rst.filingbridge.cases.Channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.cases.InstanceId;
import cn.gov.sc.rst.filingbridge.cases.OutboxRelay;
import cn.gov.sc.rst.filingbridge.cases.OutboxTrace;
import cn.gov.sc.rst.filingbridge.testsupport.ApplicationYaml;
import cn.gov.sc.rst.filingbridge.testsupport.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the gateway needs from its database, asserted identically on every database it supports: one subclass per
 * database supplies the connection ({@link H2StoreIT}, {@link PostgresStoreIT}). The schema comes from the shipped
 * Flyway migrations, the SQL from the shipped stores; nothing here is database-specific.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {

    /** Where a database lives for one test class, and how to stop it. */
    record Database(String url, String username, String password, AutoCloseable stop) {
    }

    static final ZoneId SICHUAN = ZoneId.of("Asia/Shanghai");
    static final Instant START = Instant.parse("2026-11-27T04:00:00Z");

    private Database database;
    private HikariDataSource dataSource;
    private AnnotationConfigApplicationContext stores;
    private MigrateResult firstMigration;
    private Flyway flyway;

    MutableClock clock;
    JdbcClient jdbc;
    CaseStore cases;
    NonceStore nonces;
    RefusalStore refusals;
    OutboxRelay outbox;

    /** Starts (or opens) a fresh, empty database. */
    abstract Database openDatabase() throws Exception;

    /** The database product the JDBC driver reports, e.g. "H2" or "PostgreSQL". */
    abstract String expectedProduct();

    @BeforeAll
    void migrateAndWire() throws Exception {
        database = openDatabase();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(4);

        Environment shipped = ApplicationYaml.withOverrides(Map.of());
        flyway = Flyway.configure().dataSource(dataSource)
                .locations(shipped.getRequiredProperty("spring.flyway.locations"))
                .load();
        firstMigration = flyway.migrate();

        clock = new MutableClock(START, SICHUAN);
        stores = new AnnotationConfigApplicationContext();
        stores.registerBean(Clock.class, () -> clock);
        stores.registerBean(JdbcClient.class, () -> JdbcClient.create(dataSource));
        stores.registerBean(OutboxTrace.class);
        stores.registerBean(CaseStore.class);
        stores.registerBean(NonceStore.class);
        stores.registerBean(RefusalStore.class);
        stores.registerBean(TransactionTemplate.class,
                () -> new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        // the contract claims and marks; sending is OutboxRelayIT's, so this factory is never connected
        stores.registerBean(ConnectionFactory.class, () -> new ActiveMQConnectionFactory("tcp://127.0.0.1:1"));
        stores.registerBean(InstanceId.class);
        stores.registerBean(OutboxRelay.class);
        stores.refresh();
        jdbc = stores.getBean(JdbcClient.class);
        cases = stores.getBean(CaseStore.class);
        nonces = stores.getBean(NonceStore.class);
        refusals = stores.getBean(RefusalStore.class);
        outbox = stores.getBean(OutboxRelay.class);
    }

    @AfterAll
    void closeAll() throws Exception {
        try {
            if (stores != null) {
                stores.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
        } finally {
            if (database != null) {
                database.stop().close();
            }
        }
    }

    @BeforeEach
    void emptyTables() {
        for (String table : List.of("outbox", "case_event", "intake_refusal", "used_nonce", "filing_case")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    @Test
    void theDatabaseIsTheOneThisSubclassNames() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo(expectedProduct());
        }
    }

    @Test
    void theShippedMigrationsApplyCleanlyOnceAndValidate() throws IOException {
        Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*.sql");
        assertThat(scripts).isNotEmpty();

        assertThat(firstMigration.success).isTrue();
        assertThat(firstMigration.migrationsExecuted).isEqualTo(scripts.length);
        assertThat(firstMigration.getFailedMigrations()).isEmpty();
        assertThat(firstMigration.targetSchemaVersion).isEqualTo(Arrays.stream(scripts)
                .map(r -> r.getFilename().substring(1, r.getFilename().indexOf("__")))
                .max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).orElseThrow());

        MigrateResult again = flyway.migrate();
        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.info().pending()).isEmpty();

        List<String> tables = jdbc.sql("""
                SELECT LOWER(table_name) FROM information_schema.tables
                WHERE LOWER(table_schema) = 'public'""").query(String.class).list();
        assertThat(tables).contains("filing_case", "case_event", "outbox", "intake_refusal", "used_nonce",
                "flyway_schema_history");
    }

    @Test
    void aCaseIsFoundBySblshExactlyAsStoredWithItsHistoryInSequence() {
        OffsetDateTime receivedAt = OffsetDateTime.of(2026, 11, 27, 12, 0, 1, 123_000_000, ZoneOffset.ofHours(8));
        CaseStore.NewCase stored = newCase("c-1", "SC20261127000001", receivedAt);
        cases.insertCase(stored);
        // Inserted out of order: history() orders by the case's own sequence, not by insertion.
        cases.insertEvent(new CaseStore.NewEvent("c-1", 2, "checklist-complete", CaseState.RECEIVED, CaseState.RECEIVED, "bridge",
                null, null, receivedAt.plusSeconds(5)));
        cases.insertEvent(new CaseStore.NewEvent("c-1", 1, "case-received", null, CaseState.RECEIVED, "platform:app",
                "材料清单齐全 / checklist complete", "REST:abc", receivedAt));

        Optional<CaseStore.StoredCase> found = cases.findBySblsh("SC20261127000001");

        assertThat(found).contains(new CaseStore.StoredCase("c-1", "SC20261127000001", CaseType.NEW_FILING, CaseState.RECEIVED,
                stored.contentSm3(), receivedAt, stored.missingMaterials(), stored.receipt(), stored.appId()));
        assertThat(cases.history("c-1")).containsExactly(
                new CaseStore.Event(1, "case-received", null, "RECEIVED", "platform:app",
                        "材料清单齐全 / checklist complete", receivedAt),
                new CaseStore.Event(2, "checklist-complete", "RECEIVED", "RECEIVED", "bridge", null,
                        receivedAt.plusSeconds(5)));
        assertThat(cases.findBySblsh("SC-UNKNOWN")).isEmpty();
        assertThat(cases.history("no-such-case")).isEmpty();
    }

    @Test
    void timestampsReadBackInSichuanTimeWhateverOffsetTheyWereWrittenWith() {
        OffsetDateTime utc = OffsetDateTime.of(2026, 11, 27, 4, 0, 1, 500_000_000, ZoneOffset.UTC);
        cases.insertCase(newCase("c-utc", "SC-UTC", utc));

        // Strict equals: AssertJ's isEqualTo on OffsetDateTime compares instants only, and the offset is the point.
        OffsetDateTime read = cases.findBySblsh("SC-UTC").orElseThrow().receivedAt();
        assertThat(read.equals(OffsetDateTime.of(2026, 11, 27, 12, 0, 1, 500_000_000, ZoneOffset.ofHours(8))))
                .as("%s is 2026-11-27T12:00:01.500+08:00", read).isTrue();
    }

    @Test
    void largeAndChineseTextRoundTrips() {
        String payload = "{\"SQRMC\":\"成都市示范职业技术学校\",\"content\":\"" + "5oiR77yI".repeat(400_000) + "\"}";
        CaseStore.NewCase big = new CaseStore.NewCase("c-big", "SC-BIG", CaseType.NEW_FILING, null, CaseState.RECEIVED, Channel.SOAP,
                "app", "0".repeat(64), "成都市示范职业技术学校", "12510000450716123C", "510104",
                OffsetDateTime.now(clock), payload, "[]", "{}");
        cases.insertCase(big);

        assertThat(jdbc.sql("SELECT payload FROM filing_case WHERE case_id = 'c-big'").query(String.class).single())
                .hasSize(payload.length()).isEqualTo(payload);
        assertThat(jdbc.sql("SELECT applicant_name FROM filing_case WHERE case_id = 'c-big'").query(String.class)
                .single()).isEqualTo("成都市示范职业技术学校");
    }

    @Test
    void aSecondCaseWithTheSameSblshIsADuplicateKey() {
        cases.insertCase(newCase("c-1", "SC-DUP", OffsetDateTime.now(clock)));

        assertThatThrownBy(() -> cases.insertCase(newCase("c-2", "SC-DUP", OffsetDateTime.now(clock))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(cases.findBySblsh("SC-DUP")).map(CaseStore.StoredCase::caseId).contains("c-1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM filing_case").query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void anEventSequenceNumberIsUsedOncePerCase() {
        cases.insertCase(newCase("c-1", "SC-SEQ", OffsetDateTime.now(clock)));
        CaseStore.NewEvent first = new CaseStore.NewEvent("c-1", 1, "case-received", null, CaseState.RECEIVED, "a", null,
                null, OffsetDateTime.now(clock));
        cases.insertEvent(first);

        assertThatThrownBy(() -> cases.insertEvent(first)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void refusalsAreRecordedWithAnOverlongSblshCut() {
        String sblsh = "S".repeat(100);
        refusals.insertRefusal(new Refusal(Channel.REST, "app", sblsh, 400, "invalid-case",
                List.of(Violation.of("SBLSH", Rule.RELATED_CASE)), "ab".repeat(32)), "[{\"field\":\"SBLSH\"}]",
                OffsetDateTime.now(clock));

        assertThat(jdbc.sql("SELECT sblsh FROM intake_refusal").query(String.class).single())
                .isEqualTo("S".repeat(64));
    }

    @Test
    void aNonceIsClaimedOncePerAppAndItsReplayIsRefused() {
        assertThat(nonces.claim("app-1", "n-1", Duration.ofMinutes(10))).isTrue();
        assertThat(nonces.claim("app-1", "n-1", Duration.ofMinutes(10))).isFalse();
        assertThat(nonces.claim("app-2", "n-1", Duration.ofMinutes(10))).isTrue();
        assertThat(nonces.claim("app-1", "n-2", Duration.ofMinutes(10))).isTrue();
    }

    @Test
    void purgeForgetsOnlyExpiredNoncesWhichCanThenBeClaimedAgain() {
        nonces.claim("app", "short", Duration.ofMinutes(1));
        nonces.claim("app", "long", Duration.ofMinutes(10));
        assertThat(nonces.purgeExpired()).isZero();

        clock.advance(Duration.ofMinutes(5));

        assertThat(nonces.purgeExpired()).isEqualTo(1);
        assertThat(nonces.claim("app", "short", Duration.ofMinutes(1))).isTrue();
        assertThat(nonces.claim("app", "long", Duration.ofMinutes(10))).isFalse();
    }

    @Test
    void pendingListsUnsentEntriesInInsertionOrderUpToTheLimitAndMarkSentRemovesThemOnce() {
        cases.insertCase(newCase("c-1", "SC-OUT-1", OffsetDateTime.now(clock)));
        cases.insertCase(newCase("c-2", "SC-OUT-2", OffsetDateTime.now(clock)));
        cases.insertOutbox("c-2", "bridge.cases.accepted", "c-2:case-received", "{\"n\":1}", OffsetDateTime.now(clock));
        cases.insertOutbox("c-1", "bridge.cases.accepted", "c-1:case-received", "{\"n\":2}", OffsetDateTime.now(clock));
        cases.insertOutbox("c-1", "bridge.cases.other", "c-1:other", "{\"n\":3}", OffsetDateTime.now(clock));

        List<OutboxRelay.Entry> all = outbox.pending(10);
        assertThat(all).extracting(OutboxRelay.Entry::dedupId)
                .containsExactly("c-2:case-received", "c-1:case-received", "c-1:other");
        assertThat(all).extracting(OutboxRelay.Entry::outboxId).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(new OutboxRelay.Entry(all.get(0).outboxId(), "c-2", "bridge.cases.accepted",
                "c-2:case-received", null, "{\"n\":1}"));
        assertThat(outbox.pending(2)).containsExactly(all.get(0), all.get(1));
        assertThat(outbox.unsentCount()).isEqualTo(3);

        outbox.markSent(List.of(all.get(1)));
        assertThat(outbox.pending(10)).containsExactly(all.get(0), all.get(2));
        assertThat(outbox.unsentCount()).isEqualTo(2);

        OffsetDateTime firstMark = sentAt(all.get(1).outboxId());
        clock.advance(Duration.ofMinutes(1));
        outbox.markSent(List.of(all.get(1)));
        assertThat(sentAt(all.get(1).outboxId())).isEqualTo(firstMark);
        assertThat(firstMark.toInstant()).isEqualTo(START);
    }

    @Test
    void anOutboxDeduplicationIdIsUsedOnce() {
        cases.insertCase(newCase("c-1", "SC-DEDUP", OffsetDateTime.now(clock)));
        cases.insertOutbox("c-1", "q", "c-1:case-received", "{}", OffsetDateTime.now(clock));

        assertThatThrownBy(() -> cases.insertOutbox("c-1", "q", "c-1:case-received", "{}", OffsetDateTime.now(clock)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void twoConcurrentClaimsTakeDisjointBatchesWithoutWaitingAndTheMarkNamesTheRelayingInstance() throws Exception {
        cases.insertCase(newCase("c-1", "SC-CLAIM", OffsetDateTime.now(clock)));
        for (int i = 1; i <= 5; i++) {
            cases.insertOutbox("c-1", "bridge.cases.accepted", "c-1:e" + i, "{}", OffsetDateTime.now(clock));
        }
        TransactionTemplate tx = stores.getBean(TransactionTemplate.class);
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        ExecutorService relays = Executors.newFixedThreadPool(2);
        try {
            // relay A claims three and holds them (its "send" lasts until relay B has claimed) before marking them
            Future<List<OutboxRelay.Entry>> a = relays.submit(() -> tx.execute(status -> {
                List<OutboxRelay.Entry> batch = outbox.claim(3);
                firstClaimed.countDown();
                awaitLatch(secondDone);
                outbox.markSent(batch);
                return batch;
            }));
            assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).as("relay A claimed").isTrue();
            Future<List<OutboxRelay.Entry>> b = relays.submit(() -> tx.execute(status -> outbox.claim(10)));
            List<OutboxRelay.Entry> second = b.get(10, TimeUnit.SECONDS);  // not blocked behind relay A's claim
            secondDone.countDown();
            List<OutboxRelay.Entry> first = a.get(10, TimeUnit.SECONDS);

            assertThat(first).extracting(OutboxRelay.Entry::dedupId).containsExactly("c-1:e1", "c-1:e2", "c-1:e3");
            assertThat(second).extracting(OutboxRelay.Entry::dedupId).containsExactly("c-1:e4", "c-1:e5");
        } finally {
            secondDone.countDown();
            relays.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT dedup_id, relayed_by FROM outbox WHERE sent_at IS NOT NULL ORDER BY outbox_id")
                .query((rs, i) -> rs.getString(1) + "@" + rs.getString(2)).list())
                .containsExactly("c-1:e1@" + outbox.instanceId(), "c-1:e2@" + outbox.instanceId(),
                        "c-1:e3@" + outbox.instanceId());
        // relay B's claim ended without a mark: its entries are claimable again
        List<OutboxRelay.Entry> again = tx.execute(status -> outbox.claim(10));
        assertThat(again).extracting(OutboxRelay.Entry::dedupId)
                .containsExactly("c-1:e4", "c-1:e5");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other claim did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime sentAt(long outboxId) {
        return jdbc.sql("SELECT sent_at FROM outbox WHERE outbox_id = :id").param("id", outboxId)
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).single();
    }

    private static CaseStore.NewCase newCase(String caseId, String sblsh, OffsetDateTime receivedAt) {
        return new CaseStore.NewCase(caseId, sblsh, CaseType.NEW_FILING, null, CaseState.RECEIVED, Channel.REST, "app-1",
                "5a8931fbb0fa143f09fa8d79b81b1b962171e01bfa9bfd690f14e0944346ab69", "成都市示范职业技术学校",
                "12510000450716123C", "510104", receivedAt, "{\"SBLSH\":\"" + sblsh + "\"}",
                "[{\"code\":\"BAB-SCAN\",\"name\":\"备案表\"}]", "{\"SBLSH\":\"" + sblsh + "\"}");
    }
}
