package cn.gov.sc.rst.filingbridge.notice;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.AdobePDFSchema;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.type.BadFieldValueException;
import org.apache.xmpbox.xml.XmpSerializer;

/**
 * A result notice as an A4 PDF laid out like an official letter (after GB/T 9704): margins 37/26/35/28 mm, the title
 * centred at 20 pt, the salutation flush left and the body indented two characters at 16 pt (三号) with 28 pt lines,
 * the date four characters in from the right margin and the authority centred above it. Chinese is set in the
 * {@link NoticeFont}, embedded as a subset (Type 0 / CIDFontType2 with a ToUnicode map, so the text can be extracted).
 * Lines break between any two characters, except that closing punctuation never starts a line (it hangs into the
 * margin) and opening punctuation never ends one (it moves to the next); a long text continues on further pages.
 *
 * <p>Every character is checked against the font before anything is drawn: one without a glyph fails with a
 * {@link NoticeFontException} naming it, and no PDF is made.
 *
 * <p>The PDF is PDF/A-1b (ISO 19005-1, for keeping): the font embedded, XMP metadata matching the document information
 * and identifying the part and conformance, an sRGB output intent (the JDK's profile). It is also reproducible: the
 * document ID is derived from the notice's text and creation date instead of the time of rendering, so the same notice
 * renders to the same bytes.
 */
public final class ResultNoticePdf {

    private static final float MM = 72f / 25.4f;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float TOP = 37 * MM;
    private static final float BOTTOM = 35 * MM;
    private static final float LEFT = 28 * MM;
    private static final float RIGHT = PAGE.getWidth() - 26 * MM;
    private static final float TITLE_SIZE = 20f;
    private static final float BODY_SIZE = 16f;
    private static final float LINE = 28f;
    private static final String NO_LINE_START = "，。、；：？！）》〉」』】〕”’,.;:?!)";
    private static final String NO_LINE_END = "（《〈「『【〔“‘(";

    private static final String PRODUCER = "skills-filing-bridge (Apache PDFBox)";
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private final NoticeFont font;

    public ResultNoticePdf(NoticeFont font) {
        this.font = Objects.requireNonNull(font, "font");
    }

    /**
     * The PDF of {@code notice}. {@code createdAt} becomes the document's creation date (pass the issuing time from
     * the business clock; PDFs are not made from the wall clock).
     */
    public byte[] render(ResultNoticeText notice, Calendar createdAt) {
        Objects.requireNonNull(notice, "notice");
        try (TrueTypeFont ttf = font.open(); PDDocument document = new PDDocument()) {
            String missing = NoticeFont.missing(ttf, String.join("", notice.lines()));
            if (!missing.isEmpty()) {
                throw new NoticeFontException("通知书中有字体" + font.name() + "不含的字符，未生成PDF / the notice font "
                        + font.name() + " has no glyph for: " + missing + "; no PDF was made");
            }
            PDType0Font pdfFont = PDType0Font.load(document, ttf, true);
            describe(document, notice, createdAt);
            archival(document, notice, createdAt);
            new Layout(document, pdfFont).write(notice);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // PDF/A-1 allows no cross-reference streams (PDF 1.5 object streams): a classic xref table
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new NoticeFontException("the notice PDF could not be made with " + font + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #render(ResultNoticeText, Calendar)} with a creation date of 00:00 on the notice's own date, UTC+8. */
    public byte[] render(ResultNoticeText notice, java.time.LocalDate date) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("GMT+08:00"));
        calendar.clear();
        calendar.set(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
        return render(notice, calendar);
    }

    private static void describe(PDDocument document, ResultNoticeText notice, Calendar createdAt) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(notice.title());
        info.setAuthor(notice.authority());
        info.setSubject(notice.style().label());
        info.setCreator("skills-filing-bridge");
        if (createdAt != null) {
            info.setCreationDate(createdAt);
        }
        document.getDocumentCatalog().setLanguage("zh-CN");
    }

    /**
     * What PDF/A-1b asks beyond the page content: XMP metadata saying the same as the document information (title,
     * author, subject, creator tool, producer, creation date) plus the PDF/A identification, an output intent, and a
     * document ID. The ID is two copies of the first 16 bytes of SHA-256 over the notice's text and creation date.
     */
    private static void archival(PDDocument document, ResultNoticeText notice, Calendar createdAt) throws IOException {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setProducer(PRODUCER);
        XMPMetadata xmp = XMPMetadata.createXMPMetadata();
        DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
        dc.setTitle(info.getTitle());
        dc.addCreator(info.getAuthor());
        dc.setDescription(info.getSubject());
        XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
        basic.setCreatorTool(info.getCreator());
        if (createdAt != null) {
            basic.setCreateDate(createdAt);
        }
        AdobePDFSchema pdf = xmp.createAndAddAdobePDFSchema();
        pdf.setProducer(PRODUCER);
        PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
        try {
            id.setPart(1);
            id.setConformance("B");
        } catch (BadFieldValueException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try {
            new XmpSerializer().serialize(xmp, serialized, true);
        } catch (javax.xml.transform.TransformerException e) {
            throw new IOException("XMP metadata: " + e.getMessage(), e);
        }
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        PDMetadata metadata = new PDMetadata(document);
        metadata.importXMPMetadata(serialized.toByteArray());
        catalog.setMetadata(metadata);

        PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(SRGB));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);

        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\n", notice.lines()).getBytes(StandardCharsets.UTF_8));
            sha.update(String.valueOf(createdAt == null ? 0 : createdAt.getTimeInMillis()).getBytes(StandardCharsets.UTF_8));
            digest = Arrays.copyOf(sha.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        COSArray ids = new COSArray();
        ids.add(new COSString(digest));
        ids.add(new COSString(digest));
        document.getDocument().setDocumentID(ids);
    }

    /** Places lines top to bottom, opening a new page when one is full. */
    private static final class Layout {
        private final PDDocument document;
        private final PDType0Font font;
        private PDPageContentStream content;
        private float y;

        Layout(PDDocument document, PDType0Font font) {
            this.document = document;
            this.font = font;
        }

        void write(ResultNoticeText notice) throws IOException {
            try {
                newPage();
                float width = RIGHT - LEFT;
                y -= TITLE_SIZE;
                for (String line : wrap(notice.title(), TITLE_SIZE, width, 0)) {
                    show(line, TITLE_SIZE, LEFT + (width - width(line, TITLE_SIZE)) / 2);
                    y -= LINE + 8;
                }
                y -= LINE;
                for (String line : wrap(notice.salutation(), BODY_SIZE, width, 0)) {
                    line(line, LEFT);
                }
                List<String> body = wrap(notice.body(), BODY_SIZE, width, 2 * BODY_SIZE);
                for (int i = 0; i < body.size(); i++) {
                    line(body.get(i), i == 0 ? LEFT + 2 * BODY_SIZE : LEFT);
                }
                y -= 2 * LINE;
                float dateRight = RIGHT - 4 * BODY_SIZE;
                float dateX = dateRight - width(notice.date(), BODY_SIZE);
                float centre = dateX + width(notice.date(), BODY_SIZE) / 2;
                for (String line : wrap(notice.authority(), BODY_SIZE, width, 0)) {
                    float w = width(line, BODY_SIZE);
                    line(line, Math.max(LEFT, Math.min(centre - w / 2, RIGHT - w)));
                }
                line(notice.date(), dateX);
            } finally {
                if (content != null) {
                    content.close();
                }
            }
        }

        private void line(String text, float x) throws IOException {
            if (y < BOTTOM) {
                newPage();
            }
            show(text, BODY_SIZE, x);
            y -= LINE;
        }

        private void show(String text, float size, float x) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, y);
            content.showText(text);
            content.endText();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PAGE.getHeight() - TOP - BODY_SIZE;
        }

        /** Breaks {@code text} into lines no wider than {@code width} (the first {@code indent} narrower). */
        private List<String> wrap(String text, float size, float width, float indent) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            float used = indent;
            int[] codePoints = text.codePoints().toArray();
            for (int cp : codePoints) {
                String ch = new String(Character.toChars(cp));
                float w = width(ch, size);
                boolean hangs = NO_LINE_START.indexOf(cp) >= 0;
                if (used + w > width && !line.isEmpty() && !hangs) {
                    String carried = "";
                    int last = line.codePointBefore(line.length());
                    if (NO_LINE_END.indexOf(last) >= 0 && line.length() > Character.charCount(last)) {
                        carried = new String(Character.toChars(last));
                        line.setLength(line.length() - carried.length());
                    }
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(carried);
                    used = carried.isEmpty() ? 0 : width(carried, size);
                }
                line.append(ch);
                used += w;
            }
            if (!line.isEmpty() || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private float width(String text, float size) throws IOException {
            return font.getStringWidth(text) / 1000f * size;
        }
    }
}
