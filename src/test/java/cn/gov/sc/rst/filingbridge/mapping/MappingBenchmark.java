package cn.gov.sc.rst.filingbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Skills-record mapping per second: a complete 设立备案 (two occupations, three sites, rosters, five materials) through
 * the JSONata mapping through camel-jsonata (parsed on every exchange, the route's former step) and parsed once
 * ({@link SkillsMappings}, the route's step now), and the record's contract check, on the golden case.
 * Run from the repository root; command and results in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MappingBenchmark {

    CamelContext camel;
    ProducerTemplate template;
    SkillsRecordContract contract;
    JsonNode input;
    JsonNode record;
    String endpoint;
    SkillsMappings parsedOnce;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        contract = new SkillsRecordContract(MappingGoldenTest.JSON, MappingGoldenTest.codeTables());
        JsonNode filing = MappingGoldenTest.JSON.readTree(
                MappingGoldenTest.MAPPINGS.resolve("new-filing/v1/golden/complete.case.json").toFile());
        input = contract.input(filing, new SkillsRecordContract.Context("bench-case", 1,
                OffsetDateTime.parse("2026-11-20T09:31:05+08:00"), Authority.prefecture("5101", "bench"), List.of()));
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
        endpoint = "jsonata:file:" + MappingGoldenTest.MAPPINGS.resolve("new-filing/v1/mapping.jsonata");
        parsedOnce = SkillsMappings.of(MappingGoldenTest.JSON, MappingGoldenTest.MAPPINGS);
        record = map();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        camel.stop();
    }

    @Benchmark
    public JsonNode map() {
        return template.requestBody(endpoint, input, JsonNode.class);
    }

    /** The route's mapping step now: the expression parsed once ({@link SkillsMappings}), evaluated per case. */
    @Benchmark
    public JsonNode mapParsedOnce() {
        return parsedOnce.map("new-filing", input);
    }

    @Benchmark
    public Object check() {
        return contract.check(record);
    }

    @Benchmark
    public Object mapAndCheck() {
        return contract.check(mapParsedOnce());
    }
}
