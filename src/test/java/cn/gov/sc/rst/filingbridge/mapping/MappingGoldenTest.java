package cn.gov.sc.rst.filingbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden pair under mappings/skills/&lt;case type&gt;/v1/golden/ through {@link SkillsMappings}, as the route runs it:
 * the produced record must equal the expected one and fit the record's schema. On a mismatch the record produced
 * now is written to target/golden-actual/ for review. The record's authority is decided as the gateway decides it
 * ({@link CaseAuthorities} over the gateway's schema in memory, the institution registered as imported), never handed
 * in by the golden's context.
 */
class MappingGoldenTest {

    static final Path MAPPINGS = Path.of("mappings/skills");
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    record Golden(String caseType, String name, Path caseFile, Path contextFile, Path recordFile) {
        @Override
        public String toString() {
            return caseType + "/" + name;
        }
    }

    /** The register and the cases the authorities are looked up in: the gateway's schema, in memory. */
    static JdbcClient jdbc;
    static CaseAuthorities authorities;

    @BeforeAll
    static void startDatabase() {
        String url = "jdbc:h2:mem:golden-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load()
                .migrate();
        jdbc = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa", ""));
        authorities = new CaseAuthorities(new Jurisdiction(), new OriginalAuthorities(jdbc), jdbc);
    }

    /**
     * The authority of a golden case, decided as the mapping decides it, never given: 设立备案 by tier; 变更 and 注销
     * by the authority that filed the institution, which the context's {@code register} enters into the register as
     * the operators' import does ({@code {"BAH": …, "authority": <area code>}}); a 补正 by the authority of the case it
     * supplements, the golden its context names ({@code relatedCase}), taken through the mapping first.
     */
    static Authority authorityOf(String caseType, JsonNode filing, JsonNode ctx) throws IOException {
        assertThat(ctx.has("authority")).as("the context does not hand in the authority").isFalse();
        if (ctx.has("register")) {
            cn.gov.sc.rst.filingbridge.testsupport.Institutions.register(jdbc, ctx.get("register").get("BAH").asText(),
                    ctx.get("register").get("authority").asText());
        }
        String related = null;
        if (ctx.has("relatedCase")) {
            String[] golden = ctx.get("relatedCase").asText().split("/");
            Path dir = MAPPINGS.resolve(golden[0]).resolve("v1/golden");
            JsonNode relatedFiling = JSON.readTree(dir.resolve(golden[1] + ".case.json").toFile());
            Authority of = authorityOf(golden[0], relatedFiling, JSON.readTree(dir.resolve(golden[1] + ".context.json")
                    .toFile()));
            related = relatedFiling.get("SBLSH").asText();
            if (jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(related).query(Integer.class)
                    .single() == 0) {
                cn.gov.sc.rst.filingbridge.testsupport.CaseRow.of(java.util.UUID.randomUUID().toString(), related)
                        .caseType(relatedFiling.get("YWLX").asText()).state("FORWARDED")
                        .applicant(relatedFiling.get("SQRMC").asText(), relatedFiling.get("SQRZJHM").asText())
                        .areaCode(relatedFiling.get("XZQHDM").asText())
                        .receivedAt(OffsetDateTime.parse("2026-11-20T09:31:05+08:00"))
                        .authority(of.tier().name(), of.areaCode(), of.name(), of.reason()).insert(jdbc);
            }
        }
        return authorities.of(cn.gov.sc.rst.filingbridge.cases.CaseType.fromLabel(filing.get("YWLX").asText()), related,
                filing);
    }

    static Map<String, JsonNode> codeTables() throws IOException {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(MAPPINGS.resolve("code-tables"))) {
            for (Path f : files.sorted().toList()) {
                tables.put(f.getFileName().toString().replace(".json", ""), JSON.readTree(f.toFile()));
            }
        }
        return tables;
    }

    static Stream<Golden> goldens() throws IOException {
        List<Golden> all = new ArrayList<>();
        for (String type : List.of("new-filing", "supplement", "change", "cancellation")) {
            Path dir = MAPPINGS.resolve(type).resolve("v1/golden");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path c : files.filter(p -> p.toString().endsWith(".case.json")).sorted().toList()) {
                    String name = c.getFileName().toString().replace(".case.json", "");
                    all.add(new Golden(type, name, c, dir.resolve(name + ".context.json"), dir.resolve(name + ".record.json")));
                }
            }
        }
        return all.stream();
    }

    /** The mapping as the route runs it: {@link SkillsMappings}, each mapping parsed once. */
    static JsonNode map(String caseType, JsonNode input) {
        return MAPPED.map(caseType, input);
    }

    static final SkillsMappings MAPPED = SkillsMappings.of(JSON, MAPPINGS);

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theMappingProducesTheGoldenRecord(Golden golden) throws Exception {
        SkillsRecordContract contract = new SkillsRecordContract(JSON, codeTables());
        JsonNode ctx = JSON.readTree(golden.contextFile().toFile());
        JsonNode filing = JSON.readTree(golden.caseFile().toFile());
        SkillsRecordContract.Context context = new SkillsRecordContract.Context(ctx.get("caseId").asText(),
                ctx.get("recordVersion").asInt(), OffsetDateTime.parse(ctx.get("receivedAt").asText()),
                authorityOf(golden.caseType(), filing, ctx),
                JSON.convertValue(ctx.get("missingMaterials"), JSON.getTypeFactory().constructCollectionType(List.class, String.class)));

        JsonNode record = map(golden.caseType(), contract.input(filing, context));

        assertThat(contract.check(record)).as("fits skills-record/v1").isEmpty();
        JsonNode expected = JSON.readTree(golden.recordFile().toFile());
        if (!record.equals(expected)) {
            Path actual = Path.of("target/golden-actual", golden.caseType(), golden.name() + ".record.json");
            Files.createDirectories(actual.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(actual.toFile(), record);
        }
        assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record))
                .isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
    }

    @Test
    void aValueMissingFromACodeTableStopsTheMappingWithFieldValueAndTable() throws Exception {
        SkillsRecordContract contract = new SkillsRecordContract(JSON, codeTables());
        ObjectNode filing = (ObjectNode) JSON.readTree(MAPPINGS.resolve("new-filing/v1/golden/complete.case.json").toFile());
        ((ObjectNode) filing.get("BAB").get("assessors").get(1)).put("education", "博士后");
        JsonNode input = contract.input(filing, new SkillsRecordContract.Context("c-1", 1,
                OffsetDateTime.parse("2026-11-20T09:31:05+08:00"), Authority.province("test"), List.of()));

        com.dashjoin.jsonata.JException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> map("new-filing", input), com.dashjoin.jsonata.JException.class);

        assertThat(SkillsRecordContract.unmapped(failure.getMessage())).contains(
                new MappingProblem("BAB.assessors[1].education", "博士后", "code table education has no entry"));
    }

    @Test
    void aRecordThatBreaksTheContractIsReportedFieldByField() throws Exception {
        SkillsRecordContract contract = new SkillsRecordContract(JSON, codeTables());
        ObjectNode record = (ObjectNode) JSON.readTree(MAPPINGS.resolve("new-filing/v1/golden/complete.record.json").toFile());
        ((ObjectNode) record.get("institution")).put("name", "某某培训中心");
        record.remove("authority");

        assertThat(contract.check(record)).extracting(MappingProblem::field)
                .containsExactlyInAnyOrder("record.authority", "record.institution.name");
    }

    @Test
    void aNewFilingRecordMustCarryTheOfficePremisesAndTheRatiosAndAChangeRecordNeedNot() throws Exception {
        SkillsRecordContract contract = new SkillsRecordContract(JSON, codeTables());
        ObjectNode filed = (ObjectNode) JSON.readTree(MAPPINGS.resolve("new-filing/v1/golden/complete.record.json").toFile());
        assertThat(filed.at("/office/archiveStorage/0/name").asText()).isEqualTo("密集档案柜");
        assertThat(filed.at("/ratios/review/staff").asInt()).isEqualTo(5);
        filed.remove(List.of("office", "ratios"));

        assertThat(contract.check(filed)).extracting(MappingProblem::field).isNotEmpty()
                .allSatisfy(f -> assertThat(f).startsWith("record"));
        assertThat(contract.check(filed).toString()).contains("office").contains("ratios");

        JsonNode change = JSON.readTree(MAPPINGS.resolve("change/v1/golden/add-technician-level.record.json").toFile());
        assertThat(change.has("office")).as("the change golden carries no office").isFalse();
        assertThat(contract.check(change)).isEmpty();
    }
}
