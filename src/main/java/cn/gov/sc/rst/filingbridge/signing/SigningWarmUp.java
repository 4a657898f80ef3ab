package cn.gov.sc.rst.filingbridge.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
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

    /** The warm-up itself: the provider and its PKCS#12 key store, then one SM2 signature and its verification. */
    static boolean run() {
        try {
            KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
            SecureRandom random = new SecureRandom();
            BigInteger d = new BigInteger(Sm2.order().bitLength() - 1, random).add(BigInteger.ONE);
            ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, Sm2.DOMAIN);
            ECPublicKeyParameters publicKey = new ECPublicKeyParameters(Sm2.DOMAIN.getG().multiply(d).normalize(),
                    Sm2.DOMAIN);
            byte[] probe = "signing warm-up".getBytes(StandardCharsets.UTF_8);
            SM2Signer signer = Sm2.newSigner(key, Sm2.userId(), random);
            signer.update(probe, 0, probe.length);
            BigInteger[] rs = SignatureFormat.DER.decode(signer.generateSignature());
            return Sm2.verify(publicKey, Sm2.userId(), probe, rs[0], rs[1]);
        } catch (GeneralSecurityException | RuntimeException | MalformedSignatureException
                 | org.bouncycastle.crypto.CryptoException e) {
            log.debug("signing warm-up did not complete; the signing material is read without it", e);
            return false;
        }
    }
}
