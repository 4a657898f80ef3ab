package cn.gov.sc.rst.filingbridge.notice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads the configured font once, the first time it is needed (or at startup, see {@link NoticeConfig}), and keeps it;
 * a failure is not kept, so a font put in place later is found on the next notice.
 */
final class NoticeFontSource {

    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private final String location;
    private volatile NoticeFont font;

    NoticeFontSource(String location) {
        this.location = location;
    }

    /** The font, or a {@link NoticeFontException} that says where it was looked for and how to get it. */
    NoticeFont font() {
        NoticeFont loaded = font;
        if (loaded == null) {
            synchronized (this) {
                loaded = font;
                if (loaded == null) {
                    loaded = load();
                    font = loaded;
                }
            }
        }
        return loaded;
    }

    String location() {
        return location;
    }

    private NoticeFont load() {
        if (location == null || location.isBlank()) {
            throw unavailable("bridge.notices.font-path is empty");
        }
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            ClassLoader loader = NoticeFontSource.class.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw unavailable("class path resource " + resource + " is not there");
                }
                return NoticeFont.read(in, location);
            } catch (IOException e) {
                throw new NoticeFontException("notice font " + location + " cannot be read: " + e.getMessage(), e);
            }
        }
        Path file = Path.of(location.startsWith(FILE) ? location.substring(FILE.length()) : location);
        if (!file.toFile().isFile()) {
            throw unavailable("file " + file.toAbsolutePath() + " does not exist");
        }
        return NoticeFont.read(file);
    }

    private NoticeFontException unavailable(String what) {
        return new NoticeFontException("无法生成办理结果告知书PDF：缺少中文字体 / the result-notice PDF font is missing: " + what
                + " (bridge.notices.font-path=" + location + "). The build packages Noto Sans SC with "
                + "download-maven-plugin (from the npm registry, see the build log); or point bridge.notices.font-path at a TrueType CJK font "
                + "(docs/result-notices.md).");
    }
}
