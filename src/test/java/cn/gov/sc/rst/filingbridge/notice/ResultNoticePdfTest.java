package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.signing.BadSignatureException;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.TrustMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.parser.PreflightParser;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PDF says what the text says: PDFBox's own text extraction of it equals the text rendering (white space and line
 * breaks aside), the CJK font is embedded as a subset, a character the font lacks stops the PDF, and the PDF is
 * PDF/A-1b by PDFBox's validator and the same bytes each time the same notice is rendered.
 */
class ResultNoticePdfTest {

    private static final char[] PASSWORD = "demo-only".toCharArray();

    private final ResultNoticePdf pdf = new ResultNoticePdf(NoticeFonts.packaged());

    @Test
    void styleOneExtractsToItsText() throws IOException {
        ResultNoticeText notice = ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1"));

        byte[] bytes = pdf.render(notice, NoticeSamples.DATE);

        assertThat(normalised(extract(bytes))).isEqualTo(normalised(notice.text()));
        assertThat(extract(bytes)).contains("职业技能考核鉴定机构设立备案办理结果告知书").contains("2026年11月27日");
    }

    @Test
    void bothStylesArePdfA1bAndTheSameNoticeRendersToTheSameBytes(@TempDir Path dir) throws IOException {
        ResultNoticeText filed = ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1"));
        ResultNoticeText terminated = ResultNoticeText.of(NoticeSamples.terminated("case-2", "SC-2"));
        for (ResultNoticeText notice : List.of(filed, terminated)) {
            byte[] bytes = pdf.render(notice, NoticeSamples.DATE);
            Path file = Files.write(dir.resolve(notice.style().name() + ".pdf"), bytes);

            ValidationResult result = PreflightParser.validate(file.toFile());

            assertThat(result.getErrorsList()).extracting(e -> e.getErrorCode() + " " + e.getDetails())
                    .as("PDF/A-1b errors of " + notice.style()).isEmpty();
            assertThat(result.isValid()).isTrue();
            assertThat(pdf.render(notice, NoticeSamples.DATE)).as("rendered again").isEqualTo(bytes);
        }
        assertThat(pdf.render(filed, NoticeSamples.DATE.plusDays(1)))
                .as("another date, another document").isNotEqualTo(pdf.render(filed, NoticeSamples.DATE));
    }

    @Test
    void noLineStartsWithClosingOrEndsWithOpeningPunctuation() throws IOException {
        // shifting the text one character at a time brings every punctuation mark to a line's end and start
        for (int shift = 0; shift < 28; shift++) {
            String pad = "四川省".repeat(10).substring(0, shift);
            NoticeFacts facts = NoticeFacts.ended("case-1", "SC-1", "7", NoticeSamples.APPLICANT,
                    NoticeSamples.AUTHORITY, NoticeSamples.DATE, pad + "“考评人员”（含质量督导人员）数量不足，《备案表》填报不实",
                    NoticeSamples.CLAUSE);
            List<String> lines = extract(pdf.render(ResultNoticeText.of(facts), NoticeSamples.DATE)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();

            assertThat(lines).as("shift %d", shift).hasSizeGreaterThan(5)
                    .noneMatch(line -> "，。、；：？！）》”".indexOf(line.charAt(0)) >= 0)
                    .noneMatch(line -> "（《“".indexOf(line.charAt(line.length() - 1)) >= 0);
        }
    }

    @Test
    void styleTwoExtractsToItsText() throws IOException {
        ResultNoticeText notice = ResultNoticeText.of(NoticeSamples.terminated("case-1", "SC-1"));

        byte[] bytes = pdf.render(notice, NoticeSamples.DATE);

        assertThat(normalised(extract(bytes))).isEqualTo(normalised(notice.text()));
    }

    @Test
    void aLongReasonContinuesOnAnotherPageAndStillExtractsToItsText() throws IOException {
        String reason = "你单位报送的考评人员名册、应知考场和应会考场设施设备清单与现场技术评估结果不一致".repeat(30);
        ResultNoticeText notice = ResultNoticeText.of(NoticeFacts.ended("case-1", "SC-1", "7",
                NoticeSamples.APPLICANT, NoticeSamples.AUTHORITY, NoticeSamples.DATE, reason, NoticeSamples.CLAUSE));

        byte[] bytes = pdf.render(notice, NoticeSamples.DATE);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
        }
        assertThat(normalised(extract(bytes))).isEqualTo(normalised(notice.text()));
    }

    @Test
    void itIsOneA4PageWithTheCjkFontEmbeddedAsASubset() throws IOException {
        byte[] bytes = pdf.render(ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1")), NoticeSamples.DATE);

        try (PDDocument document = Loader.loadPDF(bytes)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            PDPage page = document.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(page.getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            List<PDFont> fonts = new ArrayList<>();
            for (COSName name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
            assertThat(fonts).hasSize(1);
            PDType0Font font = (PDType0Font) fonts.get(0);
            assertThat(font.isEmbedded()).isTrue();
            assertThat(font.getName()).matches("[A-Z]{6}\\+NotoSansSC-Regular");
            assertThat(font.getDescendantFont().getFontDescriptor().getFontFile2()).isNotNull();
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo(ResultNoticeText.TITLE);
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("zh-CN");
        }
        assertThat(bytes.length).as("a subset, not the 10 MB font").isLessThan(200_000);
    }

    @Test
    void aCharacterTheFontLacksStopsThePdf() {
        ResultNoticeText notice = ResultNoticeText.of(NoticeFacts.ended("case-1", "SC-1", "7",
                NoticeSamples.APPLICANT + "\uD81C\uDC00", NoticeSamples.AUTHORITY, NoticeSamples.DATE,
                NoticeSamples.REASON, NoticeSamples.CLAUSE));

        assertThatThrownBy(() -> pdf.render(notice, NoticeSamples.DATE))
                .isInstanceOf(NoticeFontException.class)
                .hasMessageContaining("U+17000").hasMessageContaining("no PDF was made");
    }

    @Test
    void aFileThatIsNotATrueTypeFontIsRefusedWhenRead() {
        assertThatThrownBy(() -> NoticeFont.read(new ByteArrayInputStream("not a font".getBytes()), "bytes"))
                .isInstanceOf(NoticeFontException.class).hasMessageContaining("notice font bytes");
        assertThatThrownBy(() -> NoticeFont.read(Path.of("target/no-such-font.ttf")))
                .isInstanceOf(NoticeFontException.class).hasMessageContaining("does not exist");
    }

    @Test
    void theTextBytesAndThePdfBytesAreSignedAndVerifyAndATamperedPdfDoesNot() throws Exception {
        MessageSigner signer = new MessageSigner(
                Pkcs12.signingCredential(Path.of("certs-example/gateway.p12"), PASSWORD, "gateway"));
        MessageVerifier verifier = new MessageVerifier(
                TrustMaterial.load(Path.of("certs-example/truststore.p12"), PASSWORD),
                Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC));
        ResultNoticeText notice = ResultNoticeText.of(NoticeSamples.filed("case-1", "SC-1"));
        byte[] bytes = pdf.render(notice, NoticeSamples.DATE);

        DetachedSignature textSignature = signer.sign(notice.bytes());
        DetachedSignature pdfSignature = signer.sign(bytes);

        assertThat(textSignature.algorithm()).isEqualTo("SM3withSM2");
        assertThat(verifier.verify(notice.bytes(), textSignature).subject()).contains("gateway");
        assertThat(verifier.verify(bytes, pdfSignature).certificateSerial()).isEqualTo(signer.certificateSerial());
        byte[] tampered = bytes.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThatThrownBy(() -> verifier.verify(tampered, pdfSignature)).isInstanceOf(BadSignatureException.class);
        assertThatThrownBy(() -> verifier.verify(bytes, textSignature)).isInstanceOf(BadSignatureException.class);
    }

    static String extract(byte[] bytes) throws IOException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** White space and line breaks removed: the PDF breaks lines where the text has none. */
    static String normalised(String text) {
        return text.replaceAll("[\\s\\u3000]+", "");
    }
}
