package cn.gov.sc.rst.filingbridge.notice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The CJK TrueType font (glyf outlines) the notice PDFs embed as a subset; by default Noto Sans SC Regular (SIL OFL
 * 1.1), packaged at {@value #DEFAULT_RESOURCE} by the build (download-maven-plugin in pom.xml). The file is read once
 * and kept in memory; each PDF parses its own {@link TrueTypeFont} from it, so rendering is thread-safe.
 *
 * <p>Reading checks that the file is a TrueType font with a Unicode cmap and glyphs for every fixed character of
 * 附件3, so a wrong file fails when it is loaded, not in the middle of a notice.
 */
public final class NoticeFont {

    /** Where the build packages the default font on the class path. */
    public static final String DEFAULT_RESOURCE = "fonts/NotoSansSC-Regular.ttf";

    /** Every character that any notice contains whatever its values. */
    static final String FIXED_CHARACTERS = ResultNoticeText.TITLE + ResultNoticeText.RECEIVED + ResultNoticeText.FILED
            + ResultNoticeText.FILED_END + ResultNoticeText.ENDED_BECAUSE + ResultNoticeText.ENDED_ACCORDING_TO
            + ResultNoticeText.ENDED_END + ResultNoticeText.CHANGE_TITLE + ResultNoticeText.CHANGE_RECEIVED
            + ResultNoticeText.CHANGE_FILED + ResultNoticeText.CHANGE_PUBLISHED + ResultNoticeText.CANCELLATION_TITLE
            + ResultNoticeText.CANCELLATION_RECEIVED + ResultNoticeText.CANCELLATION_FILED
            + ResultNoticeText.CANCELLATION_DONE + "：0123456789年月日（）、";

    private final byte[] bytes;
    private final String origin;
    private final String name;

    private NoticeFont(byte[] bytes, String origin) {
        this.bytes = bytes;
        this.origin = origin;
        try (TrueTypeFont font = open()) {
            if (font.getGlyph() == null) {
                throw new NoticeFontException("notice font " + origin + " has no glyf table (CFF-outlined OpenType "
                        + "is not embeddable as a TrueType subset); use a TrueType CJK font such as NotoSansSC-Regular.ttf");
            }
            this.name = font.getName();
            String missing = missing(font, FIXED_CHARACTERS);
            if (!missing.isEmpty()) {
                throw new NoticeFontException("notice font " + origin + " (" + name
                        + ") has no glyphs for the fixed text of 附件3: " + missing);
            }
        } catch (IOException e) {
            throw new NoticeFontException("notice font " + origin + " is not a readable TrueType font: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the font from a stream (closed by the caller); {@code origin} names it in messages. */
    public static NoticeFont read(InputStream in, String origin) {
        Objects.requireNonNull(in, "in");
        try {
            return new NoticeFont(in.readAllBytes(), origin);
        } catch (IOException e) {
            throw new NoticeFontException("notice font " + origin + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads the font from a file. */
    public static NoticeFont read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NoticeFontException("notice font " + file.toAbsolutePath() + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new NoticeFontException("notice font " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A fresh parse of the font, for one document; the caller closes it after the document is saved. */
    TrueTypeFont open() throws IOException {
        return new TTFParser().parse(new RandomAccessReadBuffer(bytes));
    }

    /** The characters of {@code text} (white space aside) this font has no glyph for, in order, each once; "" if none. */
    static String missing(TrueTypeFont font, String text) throws IOException {
        CmapLookup cmap = font.getUnicodeCmapLookup(false);
        if (cmap == null) {
            return text;
        }
        Set<Integer> missing = new LinkedHashSet<>();
        text.codePoints().filter(c -> !Character.isWhitespace(c))
                .filter(c -> cmap.getGlyphId(c) == 0)
                .forEach(missing::add);
        return missing.stream()
                .map(c -> new String(Character.toChars(c)) + String.format(" (U+%04X)", c))
                .collect(Collectors.joining(", "));
    }

    /** Where the font was read from. */
    public String origin() {
        return origin;
    }

    /** The font's PostScript name, e.g. NotoSansSC-Regular. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "NoticeFont[" + name + " from " + origin + "]";
    }
}
