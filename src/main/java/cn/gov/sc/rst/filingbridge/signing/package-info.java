/**
 * Signing: SM3 digests and HMAC-SM3 for the window ({@link cn.gov.sc.rst.filingbridge.signing.Sm3}); SM2 signatures
 * (SM3withSM2, user ID 1234567812345678, GB/T 32918 / GB/T 35276) for records leaving and entering the gateway.
 *
 * <ul>
 *   <li>Outgoing: {@link cn.gov.sc.rst.filingbridge.signing.MessageSigner} signs exact body bytes with a
 *       {@link cn.gov.sc.rst.filingbridge.signing.SigningKey} (software: PKCS#12; replaceable by a signature server or
 *       HSM) and returns a {@link cn.gov.sc.rst.filingbridge.signing.DetachedSignature}: algorithm, certificate serial,
 *       signature, carried as {@code X-Signature-Alg}, {@code X-Signature-Cert}, {@code X-Signature}.</li>
 *   <li>Incoming: {@link cn.gov.sc.rst.filingbridge.signing.MessageVerifier} checks serial, validity (injected
 *       clock), chain to the trust store and the signature, and refuses with a
 *       {@link cn.gov.sc.rst.filingbridge.signing.SignatureRejectedException} subclass that says why.</li>
 *   <li>Wire format per peer: {@link cn.gov.sc.rst.filingbridge.signing.SignatureFormat} DER (default) or RAW.</li>
 * </ul>
 * No Camel types here: routes call this package, not the other way round.
 */
package cn.gov.sc.rst.filingbridge.signing;
