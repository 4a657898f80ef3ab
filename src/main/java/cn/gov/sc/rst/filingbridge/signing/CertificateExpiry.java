package cn.gov.sc.rst.filingbridge.signing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bridge.signing.certificate.expiry{use, serial, subject}} (seconds): the {@code notAfter} of every certificate
 * the gateway signs or verifies with, as a Unix time, so an alert can say "expires within 30 days"
 * ({@code bridge_signing_certificate_expiry_seconds - time() < 30 * 86400}) and a dashboard can show the date. A
 * timestamp rather than the time left: it is what the certificate says, not a count this gauge would have to keep
 * up to date. {@code use} says what an expired one breaks:
 * <ul>
 *   <li>{@code signing}: the gateway's own certificate; peers refuse everything it signs once it expires;</li>
 *   <li>{@code signing-chain}: the chain delivered with it;</li>
 *   <li>{@code trust-anchor}, {@code trust-intermediate}: the CAs peers' signatures are checked against;</li>
 *   <li>{@code peer-signer}: a peer's own signing certificate (the ministry's, the skills system's): its answers and
 *       decisions are refused once it expires.</li>
 * </ul>
 * Certificates are read once at startup, like the keystore and trust store they come from.
 */
final class CertificateExpiry implements MeterBinder {

    private final Map<String, X509Certificate> certificates = new LinkedHashMap<>();
    private final Map<String, String> uses = new LinkedHashMap<>();

    CertificateExpiry(SigningCredential credential, TrustMaterial trust) {
        add("signing", credential.certificate());
        credential.chain().forEach(c -> add("signing-chain", c));
        for (TrustAnchor anchor : trust.anchors()) {
            add("trust-anchor", anchor.getTrustedCert());
        }
        trust.intermediates().forEach(c -> add("trust-intermediate", c));
        trust.signers().forEach(c -> add("peer-signer", c));
    }

    private void add(String use, X509Certificate certificate) {
        String key = use + "|" + certificate.getSerialNumber().toString(16) + "|"
                + certificate.getSubjectX500Principal().getName();
        certificates.putIfAbsent(key, certificate);
        uses.putIfAbsent(key, use);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        certificates.forEach((key, certificate) -> {
            double notAfter = certificate.getNotAfter().toInstant().getEpochSecond();
            Gauge.builder("bridge.signing.certificate.expiry", () -> notAfter)
                    .description("notAfter of a certificate used to sign or verify, as a Unix time")
                    .baseUnit("seconds").tag("use", uses.get(key))
                    .tag("serial", certificate.getSerialNumber().toString(16))
                    .tag("subject", certificate.getSubjectX500Principal().getName()).register(registry);
        });
    }
}
