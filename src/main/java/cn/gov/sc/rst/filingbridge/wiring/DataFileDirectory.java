package cn.gov.sc.rst.filingbridge.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory where operators put data files that replace packaged ones (the working-day calendar's years, the
 * mappings' code tables): its files whose names match, in name order, and a stamp of them (names, sizes, modification
 * times). The reader says which state it {@link #loaded} and which it {@link #refused}; {@link #changed()} then tells
 * whether there is a new state to load, so that a refused one is reported once and tried again only when the files
 * change again. A directory that does not exist (or none configured) has no files and the empty stamp.
 */
public final class DataFileDirectory {

    private final Path directory;
    private final Pattern fileName;
    private volatile String loaded = "";
    private volatile String refused;

    public DataFileDirectory(Path directory, Pattern fileName) {
        this.directory = directory;
        this.fileName = Objects.requireNonNull(fileName, "fileName");
    }

    public Path directory() {
        return directory;
    }

    /** The matching files, sorted by name; none when there is no directory. */
    public List<Path> files() throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> fileName.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** The files as names, sizes and modification times: equal stamps, unchanged files. */
    public String stamp() throws IOException {
        StringBuilder stamp = new StringBuilder();
        for (Path f : files()) {
            stamp.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                    .append(Files.getLastModifiedTime(f).toMillis()).append(';');
        }
        return stamp.toString();
    }

    /** The files' stamp when they differ from those last loaded and were not refused in this state; else empty. */
    public Optional<String> changed() throws IOException {
        String now = stamp();
        return now.equals(loaded) || now.equals(refused) ? Optional.empty() : Optional.of(now);
    }

    /** The reader loaded the files as they were in {@code stamp} (taken before it read them). */
    public void loaded(String stamp) {
        this.loaded = stamp;
        this.refused = null;
    }

    /** The reader refused the files as they were in {@code stamp}. */
    public void refused(String stamp) {
        this.refused = stamp;
    }
}
