package cn.gov.sc.rst.filingbridge.signing;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bridge.signing.*}: where the gateway's signing key and its trust store are, and which peers want raw
 * {@code r || s} signatures instead of DER. In the {@code prod} profile every file setting must be given explicitly;
 * elsewhere application.yml points at the test material in certs-example/.
 *
 * @param keystorePath       PKCS#12 file with the gateway's SM2 key and certificate
 * @param keystorePassword   its password (also used for the key entry)
 * @param keyAlias           alias (friendly name) of the key entry
 * @param trustStorePath     certificate-only PKCS#12: trust anchors and the peers' signing certificates
 * @param trustStorePassword its password
 * @param peerFormats        signature format per peer name (for example {@code ministry: RAW}); DER when absent
 */
@ConfigurationProperties("bridge.signing")
public record SigningProperties(
        String keystorePath,
        String keystorePassword,
        String keyAlias,
        String trustStorePath,
        String trustStorePassword,
        Map<String, SignatureFormat> peerFormats) {

    public SigningProperties {
        peerFormats = peerFormats == null ? Map.of() : Map.copyOf(peerFormats);
    }

    /** The format to sign for, and to expect from, {@code peer}. */
    public SignatureFormat formatFor(String peer) {
        return peerFormats.getOrDefault(peer, SignatureFormat.DER);
    }

    @Override
    public String toString() {
        return "SigningProperties[keystorePath=" + keystorePath + ", keystorePassword=***, keyAlias=" + keyAlias
                + ", trustStorePath=" + trustStorePath + ", trustStorePassword=***, peerFormats=" + peerFormats + "]";
    }
}
