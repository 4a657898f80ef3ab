import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Puts the CJK font of the result notices (办理结果告知书) where the build packages it, with nothing but the JDK (run by
 * the build as {@code java fonts/FetchNoticeFont.java OUTPUT_DIR}):
 * {@code OUTPUT_DIR/fonts/NotoSansSC-Regular.ttf} and {@code OUTPUT_DIR/fonts/NotoSansSC-OFL.txt}.
 *
 * <p>Noto Sans SC Regular (Adobe/Google, SIL Open Font License 1.1) as TrueType with glyf outlines, which PDFBox embeds
 * as a subset. It comes from the npm registry's tarball of {@code @expo-google-fonts/noto-sans-sc} 0.4.3 (over HTTPS
 * with the JDK's client; no npm needed); both files are checked against the SHA-256 values pinned below and kept in
 * {@code ~/.cache/skills-filing-bridge/noto-sans-sc-0.4.3/}, so later and offline builds reuse them.
 *
 * <p>Without the registry the build goes on without the font and says so: tests that need it skip with that reason and
 * the prod profile refuses to start. Under {@code CI=true} (or {@code BRIDGE_NOTICE_FONT_REQUIRED=true}) that is an
 * error instead.
 */
public final class FetchNoticeFont {

    static final String TARBALL = "https://registry.npmjs.org/@expo-google-fonts/noto-sans-sc/-/noto-sans-sc-0.4.3.tgz";
    static final String FONT_MEMBER = "package/400Regular/NotoSansSC_400Regular.ttf";
    static final String LICENCE_MEMBER = "package/LICENSE_FONT";
    static final String FONT_SHA256 = "d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16";
    static final String LICENCE_SHA256 = "1c05c68c34f9708415aada51f17e1b0092d2cea709bf4a94cd38114f9e73d7d9";

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java fonts/FetchNoticeFont.java OUTPUT_DIR");
            System.exit(2);
        }
        Path fonts = Path.of(args[0], "fonts");
        Path font = fonts.resolve("NotoSansSC-Regular.ttf");
        if (Files.isRegularFile(font) && FONT_SHA256.equals(sha256(Files.readAllBytes(font)))) {
            return;
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "skills-filing-bridge", "noto-sans-sc-0.4.3");
        byte[] ttf = readIfPresent(cache.resolve("NotoSansSC-Regular.ttf"));
        byte[] licence = readIfPresent(cache.resolve("NotoSansSC-OFL.txt"));
        boolean cached = ttf != null && licence != null && FONT_SHA256.equals(sha256(ttf))
                && LICENCE_SHA256.equals(sha256(licence));
        if (!cached) {
            Map<String, byte[]> members;
            try {
                members = members(download());
            } catch (IOException e) {
                unavailable(e.getMessage());
                return;
            }
            ttf = members.get(FONT_MEMBER);
            licence = members.get(LICENCE_MEMBER);
            if (ttf == null || licence == null) {
                unavailable(TARBALL + " lacks " + FONT_MEMBER + " or " + LICENCE_MEMBER);
                return;
            }
            if (!FONT_SHA256.equals(sha256(ttf)) || !LICENCE_SHA256.equals(sha256(licence))) {
                unavailable(TARBALL + " holds a font or licence with an unexpected SHA-256");
                return;
            }
            write(cache, ttf, licence);
        }
        write(fonts, ttf, licence);
        System.out.println("notice font: " + (cached ? cache : TARBALL) + " → " + font);
    }

    private static byte[] readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    /** Writes the licence, then the font through a temporary name, so a half-written font is never taken. */
    private static void write(Path dir, byte[] ttf, byte[] licence) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("NotoSansSC-OFL.txt"), licence);
        Path partial = dir.resolve("NotoSansSC-Regular.ttf.partial");
        Files.write(partial, ttf);
        Files.move(partial, dir.resolve("NotoSansSC-Regular.ttf"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The package tarball (about 57 MB) from the npm registry. */
    private static byte[] download() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(TARBALL)).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + TARBALL, e);
        } catch (IOException e) {
            throw new IOException("cannot download " + TARBALL + ": " + e, e);
        }
        if (answer.statusCode() != 200) {
            throw new IOException("downloading " + TARBALL + " answered HTTP " + answer.statusCode());
        }
        return answer.body();
    }

    /**
     * The regular files of a gzipped ustar archive, by name: 512-byte headers (name at 0, size in octal at 124, type at
     * 156, ustar prefix at 345), each file's data padded to 512 bytes, two zero blocks at the end.
     */
    static Map<String, byte[]> members(byte[] tgz) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            tar = in.readAllBytes();
        }
        Map<String, byte[]> files = new HashMap<>();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            String name = field(tar, at, 100);
            String prefix = field(tar, at + 345, 155);
            long size = Long.parseLong(field(tar, at + 124, 12).trim(), 8);
            char type = (char) tar[at + 156];
            int data = at + 512;
            if (size < 0 || data + size > tar.length) {
                throw new IOException("the font tarball is truncated at " + name);
            }
            if (type == '0' || type == 0) {
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
                out.write(tar, data, (int) size);
                files.put(full, out.toByteArray());
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
        return files;
    }

    private static String field(byte[] block, int from, int length) {
        int end = from;
        while (end < from + length && block[end] != 0) {
            end++;
        }
        return new String(block, from, end - from, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void unavailable(String why) {
        if ("true".equals(System.getenv("CI")) || "true".equals(System.getenv("BRIDGE_NOTICE_FONT_REQUIRED"))) {
            System.err.println("notice font: " + why + " (required: CI=true or BRIDGE_NOTICE_FONT_REQUIRED=true)");
            System.exit(1);
        }
        System.err.println("[WARNING] notice font: " + why + "; the build goes on without it: result-notice PDF tests"
                + " skip and the prod profile will not start (set bridge.notices.font-path to a TrueType CJK font,"
                + " docs/result-notices.md)");
    }
}
