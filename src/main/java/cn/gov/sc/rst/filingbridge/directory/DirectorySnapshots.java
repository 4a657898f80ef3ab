package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The daily signed snapshot of the whole public directory. The content is canonical JSON (UTF-8, no whitespace,
 * fields in the fixed order of {@link PublicInstitution}, institutions by 备案号); the signature is SM2 with SM3 over
 * exactly those bytes, DER, user ID 1234567812345678. One snapshot per date: taking it again returns the stored one,
 * byte for byte, so what was published for a day never changes.
 */
@Component
public class DirectorySnapshots {

    public static final String FORMAT = "skills-filing-bridge/directory-snapshot/v1";
    private static final Logger log = LoggerFactory.getLogger(DirectorySnapshots.class);
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private final Directory directory;
    private final MessageSigner signer;
    private final JdbcClient jdbc;
    private final Clock clock;

    DirectorySnapshots(Directory directory, MessageSigner signer, JdbcClient jdbc, Clock clock) {
        this.directory = directory;
        this.signer = signer;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored snapshot: the signed bytes, the DER signature and the serial of the certificate that verifies it. */
    public record Snapshot(LocalDate date, byte[] content, String contentSm3, int institutions, String algorithm,
                           byte[] signature, String certificateSerial, OffsetDateTime createdAt) {
        public Snapshot {
            content = content.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** Today's date in Sichuan, by the business clock. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Takes the snapshot of {@code date} unless it exists; either way returns the stored one. */
    public Snapshot take(LocalDate date) throws SigningException {
        Optional<Snapshot> existing = find(date);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<PublicInstitution> institutions = directory.matching(DirectoryQuery.everything());
        byte[] content = canonical(date, institutions);
        DetachedSignature signature = signer.sign(content);
        try {
            jdbc.sql("""
                            INSERT INTO directory_snapshot (snapshot_date, content, content_sm3, institution_count,
                              signature_alg, signature, cert_serial, created_at)
                            VALUES (:date, :content, :sm3, :count, :alg, :signature, :serial, :now)""")
                    .param("date", date).param("content", Base64.getEncoder().encodeToString(content))
                    .param("sm3", Sm3.hex(content)).param("count", institutions.size())
                    .param("alg", signature.algorithm()).param("signature", signature.base64())
                    .param("serial", signature.certificateSerial()).param("now", OffsetDateTime.now(clock))
                    .update();
            log.info("directory snapshot {} signed: {} institutions, SM3 {}", date, institutions.size(),
                    Sm3.hex(content));
        } catch (DuplicateKeyException e) {
            log.info("directory snapshot {} was taken concurrently; keeping the stored one", date);
        }
        return find(date).orElseThrow();
    }

    public Optional<Snapshot> find(LocalDate date) {
        return jdbc.sql("""
                        SELECT snapshot_date, content, content_sm3, institution_count, signature_alg, signature,
                          cert_serial, created_at FROM directory_snapshot WHERE snapshot_date = :date""")
                .param("date", date)
                .query((rs, n) -> new Snapshot(rs.getObject(1, LocalDate.class),
                        Base64.getDecoder().decode(rs.getString(2)), rs.getString(3), rs.getInt(4), rs.getString(5),
                        Base64.getDecoder().decode(rs.getString(6)), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class)))
                .optional();
    }

    /** The certificate that verifies the snapshots: the gateway's signing certificate. */
    public java.security.cert.X509Certificate certificate() {
        return signer.certificate();
    }

    /** The dates that have a snapshot, newest first. */
    public List<LocalDate> dates() {
        return jdbc.sql("SELECT snapshot_date FROM directory_snapshot ORDER BY snapshot_date DESC")
                .query(LocalDate.class).list();
    }

    static byte[] canonical(LocalDate date, List<PublicInstitution> institutions) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("date", date.toString());
        document.put("count", institutions.size());
        document.put("institutions", institutions);
        try {
            return CANONICAL.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the public directory cannot be written as JSON", e);
        }
    }
}
