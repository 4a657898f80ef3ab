package cn.gov.sc.rst.filingbridge.signing;

/**
 * The private half of the gateway's signing identity, reduced to the one thing the gateway asks of it. The software
 * implementation is {@link SoftwareSigningKey}; a signature server (签名验签服务器) or an HSM replaces it by
 * implementing this interface, with the certificate kept beside it in a {@link SigningCredential}.
 *
 * <p>Contract: return the SM3withSM2 signature over exactly {@code data} (not over a digest of it), with
 * Z<sub>A</sub> computed for the user ID {@link Sm2#USER_ID}, DER encoded as in GB/T 35276. Safe for concurrent use.
 */
@FunctionalInterface
public interface SigningKey {

    byte[] sign(byte[] data) throws SigningException;
}
