package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** One problem+json writer: its document's shape, and no other class in main building one by hand. */
class ProblemJsonTest {

    @Test
    void writesTypeTitleStatusDetailThenPropertiesInOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ProblemDetail problem = ProblemJson.of(400, "bad-request", "标题 / Title", "2 项 / item(s)");
        problem.setProperty("violations", List.of(Map.of("field", "SBLSH")));
        problem.setProperty("outcome", "REFUSED");
        String text = new String(ProblemJson.bytes(json, problem), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"type\":\"urn:skills-filing-bridge:problem:bad-request\",\"title\":\"标题 / Title\","
                + "\"status\":400,\"detail\":\"2 项 / item(s)\",\"violations\":[{\"field\":\"SBLSH\"}],"
                + "\"outcome\":\"REFUSED\"}");
        assertThat(json.readTree(ProblemJson.bytes(json, ProblemJson.of(404, "not-found", "t"))).has("detail")).isFalse();
    }

    @Test
    void noOtherMainClassBuildsProblemJsonByHand() throws IOException {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            List<Path> handBuilt = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("ProblemJson.java"))
                    .filter(f -> {
                        try {
                            String source = Files.readString(f);
                            return source.contains("urn:skills-filing-bridge:problem:")
                                    || source.contains("application/problem+json;charset");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
            assertThat(handBuilt).as("problem documents built outside wiring.ProblemJson").isEmpty();
        }
    }
}
