package cn.gov.sc.rst.filingbridge.signing;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A signing key with the certificate that names its public key, and the rest of the chain as it was delivered
 * (without the end-entity certificate; possibly empty).
 */
public record SigningCredential(SigningKey key, X509Certificate certificate, List<X509Certificate> chain) {

    public SigningCredential {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /** The certificate's serial number as lowercase hex without leading zeros, as sent in {@code X-Signature-Cert}. */
    public String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    @Override
    public String toString() {
        return "SigningCredential[" + certificate.getSubjectX500Principal() + ", serial " + serialHex() + "]";
    }
}
