package cn.gov.sc.rst.filingbridge.signing;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle JCA provider instance of the package. It is passed explicitly, never installed globally. */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
