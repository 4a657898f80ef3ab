package cn.gov.sc.rst.filingbridge.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * SM2 signatures with SM3 (GB/T 32918.2, GB/T 35276) on Bouncy Castle's lightweight API. The user ID that enters
 * Z<sub>A</sub> is always passed explicitly; for messages it is {@link #USER_ID}. Keys are rebound to the
 * {@link CustomNamedCurves} implementation of {@code sm2p256v1}, which is several times faster than the generic one.
 */
public final class Sm2 {

    /** Algorithm name that travels with a signature ({@code X-Signature-Alg}). */
    public static final String ALGORITHM = "SM3withSM2";

    /** The user ID of GB/T 35276 (and GM/T 0009) that both sides use when none is agreed otherwise. */
    public static final String USER_ID = "1234567812345678";

    /** The SM2 recommended curve {@code sm2p256v1} on Bouncy Castle's fast custom implementation. */
    static final ECDomainParameters DOMAIN;

    private static final byte[] USER_ID_BYTES = USER_ID.getBytes(StandardCharsets.US_ASCII);

    static {
        X9ECParameters x9 = CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
        DOMAIN = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    private Sm2() {
    }

    /** A copy of the bytes of {@link #USER_ID}. */
    public static byte[] userId() {
        return USER_ID_BYTES.clone();
    }

    /** The order n of the base point of {@code sm2p256v1}. */
    static BigInteger order() {
        return DOMAIN.getN();
    }

    /** The private key as lightweight parameters on {@link #DOMAIN}; refuses keys on any other curve. */
    static ECPrivateKeyParameters privateKey(PrivateKey key) throws InvalidKeyException {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new InvalidKeyException("private key " + key.getAlgorithm() + " cannot be exported (format "
                    + key.getFormat() + "); use a SigningKey that signs inside its own device");
        }
        AsymmetricKeyParameter parameters;
        try {
            parameters = PrivateKeyFactory.createKey(encoded);
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyException("not a readable PKCS#8 private key: " + e.getMessage(), e);
        }
        ECKeyParameters ec = requireSm2Curve(parameters);
        return new ECPrivateKeyParameters(((ECPrivateKeyParameters) ec).getD(), DOMAIN);
    }

    /** The public key as lightweight parameters on {@link #DOMAIN}; refuses keys on any other curve. */
    static ECPublicKeyParameters publicKey(PublicKey key) throws InvalidKeyException {
        AsymmetricKeyParameter parameters;
        try {
            parameters = PublicKeyFactory.createKey(key.getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyException("not a readable SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        ECKeyParameters ec = requireSm2Curve(parameters);
        byte[] point = ((ECPublicKeyParameters) ec).getQ().getEncoded(false);
        return new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(point), DOMAIN);
    }

    private static ECKeyParameters requireSm2Curve(AsymmetricKeyParameter parameters) throws InvalidKeyException {
        if (!(parameters instanceof ECKeyParameters ec)) {
            throw new InvalidKeyException("not an EC key: " + parameters.getClass().getSimpleName());
        }
        ECDomainParameters domain = ec.getParameters();
        if (!domain.getCurve().equals(DOMAIN.getCurve()) || !domain.getG().equals(DOMAIN.getG())
                || !domain.getN().equals(DOMAIN.getN())) {
            throw new InvalidKeyException("EC key is not on the SM2 curve sm2p256v1");
        }
        return ec;
    }

    /**
     * A signer initialised for {@code key} and {@code userId}. Initialising costs a scalar multiplication (the
     * public key enters Z<sub>A</sub>); the signer resets itself to the initialised state after every signature,
     * so callers keep and reuse it (one thread at a time).
     */
    static SM2Signer newSigner(ECPrivateKeyParameters key, byte[] userId, SecureRandom random) {
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), userId.clone()));
        return signer;
    }

    /**
     * Whether (r, s) is a valid SM2 signature by {@code key} over {@code data} under {@code userId}. This is the
     * one verification routine of the package: {@link MessageVerifier} and the known-answer tests both use it.
     */
    static boolean verify(ECPublicKeyParameters key, byte[] userId, byte[] data, BigInteger r, BigInteger s) {
        BigInteger n = key.getParameters().getN();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE);
        CipherParameters parameters = new ParametersWithID(key, userId);
        verifier.init(false, parameters);
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(PlainDSAEncoding.INSTANCE.encode(n, r, s));
    }
}
