package cn.gov.sc.rst.filingbridge.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;

/** The font the build packages, for tests; they skip, saying why, only when the build could not fetch it. */
final class NoticeFonts {

    private static NoticeFont font;

    private NoticeFonts() {
    }

    static synchronized NoticeFont packaged() {
        if (font == null) {
            try (InputStream in = NoticeFonts.class.getClassLoader().getResourceAsStream(NoticeFont.DEFAULT_RESOURCE)) {
                Assumptions.assumeTrue(in != null, "the notice font " + NoticeFont.DEFAULT_RESOURCE + " is not on the "
                        + "class path: the build's download-maven-plugin could not fetch it (no access to the npm registry; see the "
                        + "build log). Under CI=true that fails the build instead.");
                font = NoticeFont.read(in, "classpath:" + NoticeFont.DEFAULT_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return font;
    }
}
