package cn.gov.sc.rst.filingbridge.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory where operators put data files that replace packaged ones (the working-day calendar's years, the
 * mappings' code tables): its files whose names match, in name order, and a stamp of them (names, sizes, modification
 * times) by which a reader sees that they changed since it last loaded them. A directory that does not exist (or none
 * configured) has no files and the empty stamp.
 */
public record DataFileDirectory(Path directory, Pattern fileName) {

    public DataFileDirectory {
        fileName = java.util.Objects.requireNonNull(fileName, "fileName");
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
}
