package cn.gov.sc.rst.filingbridge.signing;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * What the gateway trusts when it checks an incoming signature, read from one trust store:
 * <ul>
 *   <li>trust anchors: self-signed CA certificates;</li>
 *   <li>intermediate CA certificates (CA, not self-signed), used to build paths;</li>
 *   <li>known signers: end-entity certificates of the peers, looked up by the serial that arrives in
 *       {@value DetachedSignature#HEADER_CERTIFICATE}. A known signer is still checked against the anchors and its
 *       validity period on every message; being listed here only makes it findable.</li>
 * </ul>
 * Signer serials must be unique within the store.
 */
public final class TrustMaterial {

    /**
     * A known signer's certificate with what every verification needs already extracted: the public key on the fast
     * curve implementation, the serial as hex, the validity period (Bouncy Castle parses the ASN.1 time again on
     * every {@code getNotBefore()}) and whether its key usage allows signatures.
     */
    record Signer(X509Certificate certificate, ECPublicKeyParameters publicKey, String serialHex,
                  Instant notBefore, Instant notAfter, boolean forSignatures) {
    }

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final Map<BigInteger, Signer> signers;

    private TrustMaterial(Set<TrustAnchor> anchors, List<X509Certificate> intermediates, Map<BigInteger, Signer> signers) {
        this.anchors = Set.copyOf(anchors);
        this.intermediates = List.copyOf(intermediates);
        this.signers = Map.copyOf(signers);
    }

    /** Reads a certificate-only PKCS#12 trust store (certificate entries need a friendly name). */
    public static TrustMaterial load(Path path, char[] password) {
        List<X509Certificate> certificates = Pkcs12.certificates(path, password);
        TrustMaterial trust = of(certificates);
        if (trust.anchors.isEmpty()) {
            throw new SigningConfigurationException("trust store " + path.toAbsolutePath()
                    + " holds no self-signed CA certificate to anchor chains to");
        }
        return trust;
    }

    /** Sorts certificates into anchors, intermediates and known signers (see the class comment). */
    public static TrustMaterial of(Collection<X509Certificate> certificates) {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        Map<BigInteger, Signer> signers = new HashMap<>();
        for (X509Certificate certificate : certificates) {
            boolean ca = certificate.getBasicConstraints() >= 0;
            if (ca && isSelfIssued(certificate)) {
                anchors.add(new TrustAnchor(certificate, null));
            } else if (ca) {
                intermediates.add(certificate);
            } else {
                Signer signer = signer(certificate);
                Signer previous = signers.putIfAbsent(certificate.getSerialNumber(), signer);
                if (previous != null && !previous.certificate().equals(certificate)) {
                    throw new SigningConfigurationException("two signer certificates share serial "
                            + signer.serialHex() + ": " + previous.certificate().getSubjectX500Principal() + " and "
                            + certificate.getSubjectX500Principal());
                }
            }
        }
        return new TrustMaterial(anchors, intermediates, signers);
    }

    private static Signer signer(X509Certificate certificate) {
        try {
            boolean[] keyUsage = certificate.getKeyUsage();
            return new Signer(certificate, Sm2.publicKey(certificate.getPublicKey()),
                    certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(), keyUsage == null || keyUsage[0] || keyUsage[1]);
        } catch (InvalidKeyException e) {
            throw new SigningConfigurationException("signer certificate " + certificate.getSubjectX500Principal()
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        return subject.equals(certificate.getIssuerX500Principal());
    }

    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** The known signer certificates. */
    public List<X509Certificate> signers() {
        return signers.values().stream().map(Signer::certificate).toList();
    }

    public Optional<X509Certificate> signer(BigInteger serial) {
        return Optional.ofNullable(signers.get(serial)).map(Signer::certificate);
    }

    Optional<Signer> knownSigner(BigInteger serial) {
        return Optional.ofNullable(signers.get(serial));
    }

    @Override
    public String toString() {
        return "TrustMaterial[" + anchors.size() + " anchors, " + intermediates.size() + " intermediates, "
                + signers.size() + " signers]";
    }
}
