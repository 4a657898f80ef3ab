package cn.gov.sc.rst.filingbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The mappings are parsed once and shared by the mapping consumers' threads. Eight threads evaluating every mapping,
 * interleaved at random, produce exactly the golden records; and the result equals what camel-jsonata (parsing on
 * every exchange, the route's former step) produces from the same input.
 */
class SkillsMappingsConcurrencyTest {

    record Pair(String slug, String name, JsonNode input, JsonNode expected) {
    }

    /** The golden cases' authorities are decided over the gateway's schema, as in {@link MappingGoldenTest}. */
    @org.junit.jupiter.api.BeforeAll
    static void database() {
        MappingGoldenTest.startDatabase();
    }

    private static List<Pair> pairs() throws Exception {
        SkillsRecordContract contract = new SkillsRecordContract(MappingGoldenTest.JSON, MappingGoldenTest.codeTables());
        List<Pair> pairs = new ArrayList<>();
        for (MappingGoldenTest.Golden g : MappingGoldenTest.goldens().toList()) {
            JsonNode ctx = MappingGoldenTest.JSON.readTree(g.contextFile().toFile());
            JsonNode filing = MappingGoldenTest.JSON.readTree(g.caseFile().toFile());
            SkillsRecordContract.Context context = new SkillsRecordContract.Context(ctx.get("caseId").asText(),
                    ctx.get("recordVersion").asInt(), OffsetDateTime.parse(ctx.get("receivedAt").asText()),
                    MappingGoldenTest.authorityOf(g.caseType(), filing, ctx),
                    MappingGoldenTest.JSON.convertValue(ctx.get("missingMaterials"), MappingGoldenTest.JSON
                            .getTypeFactory().constructCollectionType(List.class, String.class)));
            pairs.add(new Pair(g.caseType(), g.name(), contract.input(filing, context),
                    MappingGoldenTest.JSON.readTree(g.recordFile().toFile())));
        }
        return pairs;
    }

    @Test
    void eightThreadsShareTheParsedMappingsAndGetTheGoldenRecords() throws Exception {
        List<Pair> pairs = pairs();
        assertThat(pairs.stream().map(Pair::slug).distinct()).containsExactlyInAnyOrderElementsOf(SkillsMappings.SLUGS);
        SkillsMappings mappings = SkillsMappings.of(MappingGoldenTest.JSON, MappingGoldenTest.MAPPINGS);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<String>>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        Pair p = pairs.get(ThreadLocalRandom.current().nextInt(pairs.size()));
                        JsonNode record = mappings.map(p.slug(), p.input());
                        if (!record.equals(p.expected())) {
                            wrong.add(p.slug() + "/" + p.name() + " on " + Thread.currentThread().getName());
                        }
                    }
                    return wrong;
                });
            }
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> f : threads.invokeAll(work)) {
                wrong.addAll(f.get());
            }
            assertThat(wrong).as("records that differ from their golden").isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theParsedMappingAnswersAsCamelJsonataDoes() throws Exception {
        SkillsMappings mappings = SkillsMappings.of(MappingGoldenTest.JSON, MappingGoldenTest.MAPPINGS);
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            for (Pair p : pairs()) {
                JsonNode viaEndpoint = template.requestBody("jsonata:file:" + MappingGoldenTest.MAPPINGS
                        .resolve(p.slug()).resolve("v1/mapping.jsonata"), p.input(), JsonNode.class);
                assertThat(mappings.map(p.slug(), p.input())).as(p.slug() + "/" + p.name()).isEqualTo(viaEndpoint);
            }
        } finally {
            camel.stop();
        }
    }
}
