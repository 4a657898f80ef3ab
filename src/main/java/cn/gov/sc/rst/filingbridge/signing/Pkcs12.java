package cn.gov.sc.rst.filingbridge.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads PKCS#12 files with Bouncy Castle's key store (the JDK's cannot parse SM2 keys). Files made by OpenSSL 3
 * with its defaults (PBES2, AES-256-CBC, HMAC-SHA256 MAC) are read; see certs-example/README.md.
 */
public final class Pkcs12 {

    private Pkcs12() {
    }

    /**
     * The signing credential under {@code alias}: an in-memory {@link SoftwareSigningKey} and its certificate. The key
     * is checked against the certificate by signing and verifying a probe, so a mismatch stops start-up.
     */
    public static SigningCredential signingCredential(Path path, char[] password, String alias) {
        KeyStore store = load(path, password, "keystore");
        try {
            if (!store.isKeyEntry(alias)) {
                throw new SigningConfigurationException("keystore " + path + " has no private key under alias '"
                        + alias + "' (aliases: " + Collections.list(store.aliases()) + ")");
            }
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new SigningConfigurationException("alias '" + alias + "' in " + path + " is not a private key");
            }
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                throw new SigningConfigurationException("alias '" + alias + "' in " + path
                        + " has no X.509 certificate");
            }
            SoftwareSigningKey signingKey = new SoftwareSigningKey(privateKey);
            requireMatch(signingKey, certificate, path, alias);
            List<X509Certificate> rest = new ArrayList<>();
            for (Certificate c : Arrays.asList(chain).subList(1, chain.length)) {
                rest.add((X509Certificate) c);
            }
            return new SigningCredential(signingKey, certificate, rest);
        } catch (InvalidKeyException e) {
            throw new SigningConfigurationException("alias '" + alias + "' in " + path + " is not a usable SM2 key: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SigningConfigurationException("cannot read alias '" + alias + "' from " + path + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every certificate in the file: certificate entries and the certificates of key entries. */
    static List<X509Certificate> certificates(Path path, char[] password) {
        KeyStore store = load(path, password, "trust store");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificates.add(certificate);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SigningConfigurationException("cannot list trust store " + path + ": " + e.getMessage(), e);
        }
        return certificates;
    }

    private static KeyStore load(Path path, char[] password, String what) {
        if (!Files.isRegularFile(path)) {
            throw new SigningConfigurationException(what + " not found: " + path.toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningConfigurationException("cannot open " + what + " " + path.toAbsolutePath()
                    + " as PKCS#12 (wrong password or not a PKCS#12 file?): " + e.getMessage(), e);
        }
    }

    private static void requireMatch(SigningKey key, X509Certificate certificate, Path path, String alias)
            throws InvalidKeyException {
        byte[] probe = ("key check " + path + "#" + alias).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] der = key.sign(probe);
            BigInteger[] rs = SignatureFormat.DER.decode(der);
            if (!Sm2.verify(Sm2.publicKey(certificate.getPublicKey()), Sm2.userId(), probe, rs[0], rs[1])) {
                throw new SigningConfigurationException("the private key under alias '" + alias + "' in " + path
                        + " does not belong to its certificate " + certificate.getSubjectX500Principal());
            }
        } catch (SigningException | MalformedSignatureException e) {
            throw new SigningConfigurationException("the key under alias '" + alias + "' in " + path
                    + " cannot sign: " + e.getMessage(), e);
        }
    }
}
