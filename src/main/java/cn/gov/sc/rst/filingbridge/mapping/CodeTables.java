package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.wiring.DataFileDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The code tables the mappings look values up in: every {@code mappings/skills/code-tables/<table>.json} packaged with
 * the gateway, each replaced by a file of the same name in {@code bridge.mapping.code-tables-dir} when there is one.
 * That directory is where an operator fixes a table without a release: a case parked because a value was missing from
 * a table is then replayed, and every replay reads the tables again first ({@link #reload()}). Each table is an object
 * with a non-blank {@code source} and an object of {@code codes}; a file that is not refuses the reload, and the tables
 * in use stay. Whichever instance maps the replayed case, it uses the fixed table: {@link #current()} looks at the
 * directory at most once a second and reloads when its files changed (a refused state is reported once).
 */
public final class CodeTables {

    private static final Logger log = LoggerFactory.getLogger(CodeTables.class);
    static final String PACKAGED = "classpath:mappings/skills/code-tables/*.json";
    private static final Pattern TABLE_FILE = Pattern.compile("[a-z0-9-]+\\.json");
    private static final long ONE_SECOND = 1_000_000_000L;

    private final ObjectMapper json;
    private final DataFileDirectory files;

    private volatile ObjectNode tables;
    private volatile Loaded loaded;
    private final long checkEveryNanos;
    private volatile long checkedAt = System.nanoTime();

    /** The tables now loaded and which of them came from the directory. */
    public record Loaded(List<String> tables, List<String> fromDirectory) {
    }

    /** One table in use: its name, the source it names, and whether the operators' directory replaced it. */
    public record Table(String name, String source, boolean fromDirectory) {
    }

    CodeTables(ObjectMapper json, Path directory) throws IOException {
        this(json, directory, ONE_SECOND);
    }

    CodeTables(ObjectMapper json, Path directory, long checkEveryNanos) throws IOException {
        this.json = json;
        this.files = new DataFileDirectory(directory, TABLE_FILE);
        this.checkEveryNanos = checkEveryNanos;
        reload();
    }

    /**
     * The tables in use, as the mappings see them under {@code tables}; read again first when the directory's files
     * changed (looked at no more than once a second).
     */
    public ObjectNode current() {
        long now = System.nanoTime();
        if (now - checkedAt >= checkEveryNanos) {
            checkedAt = now;
            reloadIfChanged();
        }
        return tables;
    }

    private void reloadIfChanged() {
        try {
            Optional<String> changed = files.changed();
            if (changed.isEmpty()) {
                return;
            }
            try {
                reload();
            } catch (IOException e) {
                files.refused(changed.get());
                log.error("ALERT: the changed code tables in {} were not loaded, the tables in use stay: {}",
                        files.directory(), e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            log.error("code table directory {} cannot be read: {}", files.directory(), e.toString());
        }
    }

    /** Reads the packaged tables and the directory again; refused (the tables in use stay) for an unusable file. */
    public synchronized Loaded reload() throws IOException {
        String stamp = files.stamp();
        Map<String, JsonNode> loaded = new TreeMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources(PACKAGED)) {
            try (InputStream in = r.getInputStream()) {
                loaded.put(name(r.getFilename()), table(in, r.getDescription()));
            }
        }
        if (loaded.isEmpty()) {
            throw new IOException("no code tables at " + PACKAGED);
        }
        List<String> fromDirectory = new ArrayList<>();
        for (Path f : files.files()) {
            try (InputStream in = Files.newInputStream(f)) {
                String name = name(f.getFileName().toString());
                loaded.put(name, table(in, f.toString()));
                fromDirectory.add(name);
            }
        }
        ObjectNode next = json.createObjectNode();
        loaded.forEach(next::set);
        this.tables = next;
        files.loaded(stamp);
        if (!fromDirectory.isEmpty()) {
            log.info("code tables {} loaded from {} (replacing the packaged ones)", fromDirectory, files.directory());
        }
        this.loaded = new Loaded(List.copyOf(loaded.keySet()), List.copyOf(fromDirectory));
        return this.loaded;
    }

    /** The tables in use, for operators to see what the mappings look values up in. */
    public List<Table> describe() {
        ObjectNode now = current();
        Loaded of = loaded;
        List<Table> described = new ArrayList<>();
        now.fieldNames().forEachRemaining(name -> described.add(new Table(name, now.get(name).path("source").asText(),
                of.fromDirectory().contains(name))));
        return described;
    }

    private JsonNode table(InputStream in, String where) throws IOException {
        JsonNode table;
        try {
            table = json.readTree(in);
        } catch (IOException e) {
            throw new IOException("code table " + where + " is unreadable: " + e.getMessage(), e);
        }
        if (table == null || !table.isObject() || !table.path("source").isTextual()
                || table.path("source").asText().isBlank() || !table.path("codes").isObject()) {
            throw new IOException("code table " + where + " must be an object with a non-blank \"source\" and an "
                    + "object of \"codes\"");
        }
        // a blank or non-text value would map as found ($exists("") is true): the lookup must fail closed instead
        for (var it = table.path("codes").fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().isBlank() || !entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw new IOException("code table " + where + ": every code and its value must be non-blank text ("
                        + (entry.getKey().isBlank() ? "a blank code" : "code " + entry.getKey()) + ")");
            }
        }
        return table;
    }

    private static String name(String fileName) {
        return fileName.substring(0, fileName.length() - ".json".length());
    }
}
