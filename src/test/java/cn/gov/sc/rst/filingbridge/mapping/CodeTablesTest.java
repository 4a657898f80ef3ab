package cn.gov.sc.rst.filingbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code tables: packaged ones, replaced by a file of the same name in the operators' directory; a changed directory
 * is noticed by the next lookup (here without the one-second pause), an unusable file refuses the reload and the tables
 * in use stay, and removing the file brings the packaged table back.
 */
class CodeTablesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXED = """
            {"source": "GB/T 4658-2006, 博士后 added (test)", "codes": {"博士后": "10", "本科": "20"}}""";

    @TempDir
    Path directory;

    @Test
    void theDirectoryReplacesAPackagedTableAndAChangeIsNoticedByTheNextLookup() throws IOException {
        CodeTables tables = new CodeTables(JSON, directory, 0);
        assertThat(tables.current().at("/education/codes/本科").asText()).isEqualTo("20");
        assertThat(tables.current().at("/education/codes/博士后").isMissingNode()).isTrue();
        assertThat(tables.current().has("area")).isTrue();

        Files.writeString(directory.resolve("education.json"), FIXED, StandardCharsets.UTF_8);
        assertThat(tables.current().at("/education/codes/博士后").asText()).isEqualTo("10");
        assertThat(tables.current().has("area")).as("the other tables stay packaged").isTrue();
        assertThat(tables.describe()).contains(new CodeTables.Table("education", "GB/T 4658-2006, 博士后 added (test)", true))
                .anyMatch(t -> t.name().equals("area") && !t.fromDirectory() && !t.source().isBlank());

        Files.writeString(directory.resolve("education.json"), "{\"codes\": {}}", StandardCharsets.UTF_8);
        assertThat(tables.current().at("/education/codes/博士后").asText()).as("refused: the tables in use stay")
                .isEqualTo("10");
        assertThatThrownBy(tables::reload).isInstanceOf(IOException.class).hasMessageContaining("education.json")
                .hasMessageContaining("\"source\"");

        Files.delete(directory.resolve("education.json"));
        assertThat(tables.current().at("/education/codes/博士后").isMissingNode()).as("packaged again").isTrue();
    }

    @Test
    void aLoadReportsWhichTablesCameFromTheDirectory() throws IOException {
        Files.writeString(directory.resolve("education.json"), FIXED, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("README.txt"), "not a table", StandardCharsets.UTF_8);

        CodeTables.Loaded loaded = new CodeTables(JSON, directory).reload();

        assertThat(loaded.fromDirectory()).containsExactly("education");
        assertThat(loaded.tables()).contains("area", "education", "gender", "level");
    }

    @Test
    void aBlankOrNonTextValueRefusesTheTable() throws IOException {
        // $exists("") is true: a blank value would map as found instead of parking the case
        CodeTables tables = new CodeTables(JSON, directory, 0);
        for (String codes : new String[] {"{\"5101\": \"\"}", "{\"5101\": \"  \"}", "{\"5101\": 3}",
                "{\"5101\": null}", "{\"\": \"成都市\"}"}) {
            Files.writeString(directory.resolve("area.json"), "{\"source\": \"test\", \"codes\": " + codes + "}",
                    StandardCharsets.UTF_8);
            assertThatThrownBy(tables::reload).as(codes).isInstanceOf(IOException.class)
                    .hasMessageContaining("area.json").hasMessageContaining("non-blank text");
        }
        assertThat(tables.current().at("/area/codes/5101").asText()).as("the packaged table stays").isEqualTo("成都市");
    }
}
