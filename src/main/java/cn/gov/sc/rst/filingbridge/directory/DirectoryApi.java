package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.wiring.ProblemJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public directory API (no login, {@code /api/public/v1}): search with paging, exports, the change feed, signed
 * snapshots and the certificate that verifies them; plus the operators' on-demand snapshot.
 */
@RestController
class DirectoryApi {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final int DEFAULT_FEED_LIMIT = 500;
    private static final int MAX_FEED_LIMIT = 1000;

    private final Directory directory;
    private final DirectorySnapshots snapshots;
    private final ObjectMapper json;

    DirectoryApi(Directory directory, DirectorySnapshots snapshots, ObjectMapper json) {
        this.directory = directory;
        this.snapshots = snapshots;
        this.json = json;
    }

    @GetMapping("/api/public/v1/institutions")
    Map<String, Object> institutions(@RequestParam(required = false) String area,
                                     @RequestParam(required = false) String occupation,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String level,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String page,
                                     @RequestParam(required = false) String size) {
        Directory.Page result = directory.search(DirectoryQuery.parse(area, occupation, q, level, status, page, size));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", result.items());
        body.put("page", result.page());
        body.put("size", result.size());
        body.put("total", result.total());
        return body;
    }

    @GetMapping("/api/public/v1/institutions/export.json")
    ResponseEntity<Map<String, Object>> exportJson(@RequestParam(required = false) String area,
                                                   @RequestParam(required = false) String occupation,
                                                   @RequestParam(required = false) String q,
                                                   @RequestParam(required = false) String level,
                                                   @RequestParam(required = false) String status) {
        List<PublicInstitution> all = allMatching(area, occupation, q, level, status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", all);
        body.put("total", all.size());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"institutions.json\"")
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/public/v1/institutions/export.csv")
    ResponseEntity<byte[]> exportCsv(@RequestParam(required = false) String area,
                                     @RequestParam(required = false) String occupation,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String level,
                                     @RequestParam(required = false) String status) {
        List<PublicInstitution> all = allMatching(area, occupation, q, level, status);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"institutions.csv\"")
                .contentType(CSV).body(DirectoryCsv.write(all));
    }

    /** Every institution the export's filters match, unpaged. */
    private List<PublicInstitution> allMatching(String area, String occupation, String q, String level,
                                                String status) {
        return directory.matching(DirectoryQuery.parse(area, occupation, q, level, status, null, null).allPages());
    }

    /**
     * Changes after a cursor, oldest first, each with the institution as it is now. The cursor is {@code since} (an
     * ISO-8601 instant) and optionally {@code after} (an event id): events at exactly {@code since} with an id at most
     * {@code after} were already seen. Answer {@code next} is the cursor to call with next; {@code more} says
     * whether more changes wait after it.
     */
    /** The latest {@code since} the feed takes: later than any change can be, earlier than any database's limit. */
    private static final Instant LATEST_SINCE = Instant.parse("9999-12-31T23:59:59Z");

    @GetMapping("/api/public/v1/institutions/changes")
    Map<String, Object> changes(@RequestParam(required = false) String since,
                                @RequestParam(required = false) String after,
                                @RequestParam(required = false) String limit) {
        Instant from;
        long afterId;
        int max;
        try {
            from = since == null || since.isBlank() ? Instant.EPOCH : Instant.parse(since.strip());
            if (from.isBefore(Instant.EPOCH) || from.isAfter(LATEST_SINCE)) {
                // a year the databases cannot store (Instant.parse takes +999999999-01-01T00:00:00Z)
                throw new DateTimeParseException("out of range", since, 0);
            }
        } catch (DateTimeParseException e) {
            throw new BadDirectoryQueryException("since 须为 ISO-8601 时刻，如 2026-11-27T00:00:00Z",
                    "since must be an ISO-8601 instant such as 2026-11-27T00:00:00Z");
        }
        try {
            afterId = after == null || after.isBlank() ? 0 : Long.parseLong(after.strip());
            max = limit == null || limit.isBlank() ? DEFAULT_FEED_LIMIT : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw new BadDirectoryQueryException("after 与 limit 须为整数", "after and limit must be integers");
        }
        if (max < 1 || max > MAX_FEED_LIMIT || afterId < 0) {
            throw new BadDirectoryQueryException("limit 须为 1–" + MAX_FEED_LIMIT + "，after 不得为负",
                    "limit must be 1 to " + MAX_FEED_LIMIT + " and after not negative");
        }
        List<Directory.Change> fetched = directory.changes(from, afterId, max + 1);
        boolean more = fetched.size() > max;
        List<Directory.Change> changes = more ? fetched.subList(0, max) : fetched;
        Map<String, Object> next = new LinkedHashMap<>();
        if (changes.isEmpty()) {
            next.put("since", from.toString());
            next.put("after", afterId);
        } else {
            Directory.Change last = changes.get(changes.size() - 1);
            next.put("since", last.occurredAt().toString());
            next.put("after", last.eventId());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", changes);
        body.put("next", next);
        body.put("more", more);
        return body;
    }

    @GetMapping("/api/public/v1/snapshots")
    Map<String, Object> snapshotDates() {
        return Map.of("dates", snapshots.dates().stream().map(LocalDate::toString).toList());
    }

    /** {@code /snapshots/2026-11-27}: the signed JSON bytes; {@code /snapshots/2026-11-27.sig}: the DER signature. */
    @GetMapping("/api/public/v1/snapshots/{file}")
    ResponseEntity<byte[]> snapshot(@PathVariable String file) {
        boolean signature = file.endsWith(".sig");
        String day = signature ? file.substring(0, file.length() - 4) : file.replaceFirst("\\.json$", "");
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new BadDirectoryQueryException("快照日期须为 YYYY-MM-DD", "the snapshot date must be YYYY-MM-DD");
        }
        return snapshots.find(date)
                .map(s -> signature
                        ? ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + date + ".sig\"")
                        .header("X-Signature-Alg", s.algorithm()).header("X-Signature-Cert", s.certificateSerial())
                        .body(s.signature())
                        : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .header("X-Signature-Alg", s.algorithm()).header("X-Signature-Cert", s.certificateSerial())
                        .header("X-Signature", Base64.getEncoder().encodeToString(s.signature()))
                        .body(s.content()))
                .orElseGet(() -> ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(problem(404, "该日期没有目录快照 / no directory snapshot for " + date)));
    }

    /** The PEM of the certificate whose key signs the snapshots (the gateway's signing certificate). */
    @GetMapping("/api/public/v1/certificate")
    ResponseEntity<String> certificate() throws CertificateEncodingException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(snapshots.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return ResponseEntity.ok().contentType(new MediaType("application", "x-pem-file"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"directory-signer.pem\"").body(pem);
    }

    /** Operators: take (or return) the snapshot of a date, today by default. */
    @ExceptionHandler(BadDirectoryQueryException.class)
    ResponseEntity<byte[]> badQuery(BadDirectoryQueryException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(400, e.getMessage()));
    }

    private byte[] problem(int status, String title) {
        return ProblemJson.bytes(json, ProblemJson.of(status, status == 400 ? "bad-request" : "not-found", title));
    }
}
