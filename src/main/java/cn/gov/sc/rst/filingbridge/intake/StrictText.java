package cn.gov.sc.rst.filingbridge.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict decoding of request bodies: the charset the sender declared (Content-Type charset, or for XML the encoding
 * in the declaration) or UTF-8 when none is declared; bytes that do not decode are refused, never replaced.
 */
final class StrictText {

    /** Charsets the window accepts. GBK and GB18030 are what Chinese platforms still send. */
    static final Set<String> ACCEPTED = Set.of("UTF-8", "GBK", "GB18030");
    /**
     * Labels Chinese systems put on GBK text (WHATWG's Encoding Standard maps them all to GBK; GB2312 is a subset of
     * it): decoded as GBK, strictly, as a GBK label is.
     */
    static final Set<String> GBK_LABELS = Set.of("gb2312", "csgb2312", "gb_2312", "gb_2312-80", "chinese", "iso-ir-58",
            "csiso58gb231280", "x-gbk", "cp936", "ms936", "windows-936");
    private static final Pattern CHARSET_PARAM = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)\"?");
    private static final Pattern XML_ENCODING = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private StrictText() {
    }

    /** Refused because the declared charset is unknown or not accepted here. */
    static final class UnsupportedEncoding extends Exception {
        UnsupportedEncoding(String name) {
            super("charset " + name + " is not accepted; use UTF-8, GBK or GB18030");
        }
    }

    static Optional<String> declaredCharset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = CHARSET_PARAM.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The encoding named in an XML declaration; the declaration itself is ASCII in every charset we accept. */
    static Optional<String> xmlDeclaredEncoding(byte[] body) {
        int n = Math.min(body.length, 200);
        String head = new String(body, 0, n, StandardCharsets.ISO_8859_1);
        Matcher m = XML_ENCODING.matcher(head);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static Charset charset(Optional<String> declared) throws UnsupportedEncoding {
        if (declared.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        String name = declared.get();
        if (GBK_LABELS.contains(name.toLowerCase(Locale.ROOT))) {
            return Charset.forName("GBK");
        }
        try {
            Charset cs = Charset.forName(name);
            if (!ACCEPTED.contains(cs.name().toUpperCase(Locale.ROOT))) {
                throw new UnsupportedEncoding(name);
            }
            return cs;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncoding(name);
        }
    }

    static String decode(byte[] bytes, Charset charset) throws CharacterCodingException {
        int start = charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                .toString();
    }
}
