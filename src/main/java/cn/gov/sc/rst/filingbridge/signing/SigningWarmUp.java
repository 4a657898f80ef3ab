package cn.gov.sc.rst.filingbridge.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares Bouncy Castle on a thread of its own while the application context is built: registering the provider's
 * algorithms, its PKCS#12 key store and the SM2 curve arithmetic cost the main thread about half a second when the
 * signing material is first read. The warm-up signs and verifies with a throw-away key and reads nothing of the
 * installation: a failure here is only logged, the signing configuration reports its own.
 */
public final class SigningWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SigningWarmUp.class);

    private SigningWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static Thread start() {
        Thread thread = new Thread(SigningWarmUp::run, "signing-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * The warm-up itself: the provider and its PKCS#12 key store, then one signature by a throw-away key through
     * {@link SoftwareSigningKey}, the path every record is signed on, checked the way {@code Pkcs12} checks a key.
     */
    static boolean run() {
        try {
            KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(Sm2.DOMAIN, new SecureRandom()));
            AsymmetricCipherKeyPair pair = generator.generateKeyPair();
            SigningKey key = new SoftwareSigningKey((ECPrivateKeyParameters) pair.getPrivate(), Sm2.userId(),
                    SecureRandom::new);
            byte[] probe = "signing warm-up".getBytes(StandardCharsets.UTF_8);
            BigInteger[] rs = SignatureFormat.DER.decode(key.sign(probe));
            return Sm2.verify((ECPublicKeyParameters) pair.getPublic(), Sm2.userId(), probe, rs[0], rs[1]);
        } catch (GeneralSecurityException | SigningException | MalformedSignatureException | RuntimeException e) {
            log.debug("signing warm-up did not complete; the signing material is read without it", e);
            return false;
        }
    }
}
