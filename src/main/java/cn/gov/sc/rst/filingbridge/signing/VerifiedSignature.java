package cn.gov.sc.rst.filingbridge.signing;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/** An accepted signature: who signed (certificate and its serial as lowercase hex) and when it was checked. */
public record VerifiedSignature(X509Certificate signer, String certificateSerial, Instant checkedAt) {

    public VerifiedSignature {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** The signer's subject DN (RFC 2253). */
    public String subject() {
        return signer.getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return "VerifiedSignature[" + subject() + ", serial " + certificateSerial + ", at " + checkedAt + "]";
    }
}
