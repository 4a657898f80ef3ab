package cn.gov.sc.rst.filingbridge.signing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an incoming detached signature, in this order, and stops at the first failure:
 * <ol>
 *   <li>the values can be read ({@link MalformedSignatureException});</li>
 *   <li>the serial names a configured signer certificate ({@link UnknownCertificateException});</li>
 *   <li>that certificate is within its validity period at the injected clock's now
 *       ({@link CertificateValidityException});</li>
 *   <li>it chains to a trust anchor by PKIX path building with Bouncy Castle at that same instant, and its key usage
 *       allows signatures ({@link UntrustedCertificateException});</li>
 *   <li>the SM2 signature with user ID {@link Sm2#USER_ID} matches the exact payload bytes
 *       ({@link BadSignatureException}).</li>
 * </ol>
 * A validated path is remembered per signer; while every certificate on it stays within its validity period the path
 * is not built again (the trust material never changes while the verifier lives). Revocation is not checked.
 */
public final class MessageVerifier {

    private final TrustMaterial trust;
    private final Clock clock;
    private final Map<BigInteger, ValidatedPath> validatedPaths = new ConcurrentHashMap<>();

    /** A path that PKIX accepted, with the period in which every certificate on it (anchor included) is valid. */
    private record ValidatedPath(Instant validFrom, Instant validUntil) {
        boolean coversInstant(Instant instant) {
            return !instant.isBefore(validFrom) && !instant.isAfter(validUntil);
        }
    }

    public MessageVerifier(TrustMaterial trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Checks a DER signature. */
    public VerifiedSignature verify(byte[] payload, DetachedSignature signature) throws SignatureRejectedException {
        return verify(payload, signature, SignatureFormat.DER);
    }

    /** Checks a signature in the format the sending peer is configured for. */
    public VerifiedSignature verify(byte[] payload, DetachedSignature signature, SignatureFormat format)
            throws SignatureRejectedException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
        if (!Sm2.ALGORITHM.equalsIgnoreCase(signature.algorithm())) {
            throw new MalformedSignatureException("algorithm '" + signature.algorithm() + "' is not supported; expected "
                    + Sm2.ALGORITHM, null);
        }
        BigInteger[] rs = format.decode(signature.value());
        BigInteger serialNumber;
        try {
            serialNumber = signature.serialNumber();
        } catch (NumberFormatException e) {
            throw new MalformedSignatureException("certificate serial '" + signature.certificateSerial()
                    + "' is not hex", e);
        }
        TrustMaterial.Signer signer = trust.knownSigner(serialNumber)
                .orElseThrow(() -> new UnknownCertificateException(serialNumber.toString(16)));
        Instant now = clock.instant();
        if (now.isBefore(signer.notBefore()) || now.isAfter(signer.notAfter())) {
            throw new CertificateValidityException(signer.serialHex(), now, signer.notBefore(), signer.notAfter());
        }
        requireTrusted(serialNumber, signer, now);
        if (!Sm2.verify(signer.publicKey(), Sm2.userId(), payload, rs[0], rs[1])) {
            throw new BadSignatureException("SM2 signature by certificate " + signer.serialHex()
                    + " does not match the " + payload.length + " payload bytes");
        }
        return new VerifiedSignature(signer.certificate(), signer.serialHex(), now);
    }

    private void requireTrusted(BigInteger serial, TrustMaterial.Signer signer, Instant now)
            throws UntrustedCertificateException {
        if (!signer.forSignatures()) {
            throw new UntrustedCertificateException("certificate " + signer.serialHex()
                    + " is not for signatures (key usage has neither digitalSignature nor nonRepudiation)", null);
        }
        ValidatedPath path = validatedPaths.get(serial);
        if (path != null && path.coversInstant(now)) {
            return;
        }
        validatedPaths.put(serial, buildPath(signer, now));
    }

    private ValidatedPath buildPath(TrustMaterial.Signer signer, Instant now)
            throws UntrustedCertificateException {
        X509Certificate certificate = signer.certificate();
        if (trust.anchors().isEmpty()) {
            throw new UntrustedCertificateException("no trust anchors are configured", null);
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(certificate);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust.anchors(), target);
            List<X509Certificate> candidates = new ArrayList<>(trust.intermediates());
            candidates.add(certificate);
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(candidates), BouncyCastle.PROVIDER));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder
                    .getInstance("PKIX", BouncyCastle.PROVIDER).build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            if (anchor != null) {
                path.add(anchor);
            }
            Instant validFrom = Instant.MIN;
            Instant validUntil = Instant.MAX;
            for (X509Certificate onPath : path) {
                Instant notBefore = onPath.getNotBefore().toInstant();
                Instant notAfter = onPath.getNotAfter().toInstant();
                validFrom = notBefore.isAfter(validFrom) ? notBefore : validFrom;
                validUntil = notAfter.isBefore(validUntil) ? notAfter : validUntil;
            }
            return new ValidatedPath(validFrom, validUntil);
        } catch (GeneralSecurityException e) {
            throw new UntrustedCertificateException("certificate " + signer.serialHex() + " ("
                    + certificate.getSubjectX500Principal() + ", issued by " + certificate.getIssuerX500Principal()
                    + ") does not chain to a configured trust anchor: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
