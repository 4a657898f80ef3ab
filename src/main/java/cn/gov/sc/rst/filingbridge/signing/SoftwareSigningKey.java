package cn.gov.sc.rst.filingbridge.signing;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;

/**
 * An SM2 private key held in memory (loaded from a PKCS#12 key store by {@link Pkcs12}).
 *
 * <p>Initialising an SM2 signer costs about as much as a signature (the public key is recomputed for
 * Z<sub>A</sub>), so initialised signers are kept in a pool and reused: a call takes an idle signer or makes one,
 * signs, and puts it back. The pool grows to the number of threads that ever sign at the same moment and no further;
 * unlike a {@code ThreadLocal} it does not keep a signer per pooled or virtual thread alive. Each signer has its own
 * {@code DRBG} {@link SecureRandom}, so threads do not contend on one random source.
 */
public final class SoftwareSigningKey implements SigningKey {

    private final ECPrivateKeyParameters key;
    private final byte[] userId;
    private final Supplier<SecureRandom> randoms;
    private final ConcurrentLinkedDeque<SM2Signer> idle = new ConcurrentLinkedDeque<>();

    /** A key that signs with the user ID {@link Sm2#USER_ID}; refuses keys that are not on {@code sm2p256v1}. */
    public SoftwareSigningKey(PrivateKey privateKey) throws InvalidKeyException {
        this(Sm2.privateKey(privateKey), Sm2.userId(), SoftwareSigningKey::newRandom);
    }

    /** Any curve, any user ID and a chosen random source: for known-answer tests. */
    SoftwareSigningKey(ECPrivateKeyParameters key, byte[] userId, Supplier<SecureRandom> randoms) {
        this.key = Objects.requireNonNull(key);
        this.userId = userId.clone();
        this.randoms = Objects.requireNonNull(randoms);
    }

    @Override
    public byte[] sign(byte[] data) throws SigningException {
        SM2Signer signer = idle.pollFirst();
        if (signer == null) {
            signer = Sm2.newSigner(key, userId, randoms.get());
        }
        byte[] signature;
        try {
            signer.update(data, 0, data.length);
            signature = signer.generateSignature();
        } catch (CryptoException | RuntimeException e) {
            // The signer's state is unknown now; it is dropped rather than returned to the pool.
            throw new SigningException("SM2 signing failed: " + e.getMessage(), e);
        }
        idle.offerFirst(signer);
        return signature;
    }

    /** Signers made so far and now idle; for tests and diagnostics. */
    int idleSigners() {
        return idle.size();
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Override
    public String toString() {
        return "SoftwareSigningKey[SM2, private key not shown]";
    }
}
