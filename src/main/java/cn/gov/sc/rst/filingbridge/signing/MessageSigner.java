package cn.gov.sc.rst.filingbridge.signing;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** Signs outgoing message bodies with the gateway's credential and says which certificate to check them with. */
public final class MessageSigner {

    private final SigningCredential credential;
    private final String serial;

    public MessageSigner(SigningCredential credential) {
        this.credential = Objects.requireNonNull(credential);
        this.serial = credential.serialHex();
    }

    /** A DER signature over exactly {@code payload}. */
    public DetachedSignature sign(byte[] payload) throws SigningException {
        return sign(payload, SignatureFormat.DER);
    }

    /** A signature over exactly {@code payload} in the format the receiving peer is configured for. */
    public DetachedSignature sign(byte[] payload, SignatureFormat format) throws SigningException {
        byte[] der = credential.key().sign(payload);
        byte[] value;
        if (format == SignatureFormat.DER) {
            value = der;
        } else {
            try {
                value = SignatureFormat.DER.convert(der, format);
            } catch (MalformedSignatureException e) {
                throw new SigningException("the signing key returned a signature that is not DER: "
                        + e.getMessage(), e);
            }
        }
        return new DetachedSignature(Sm2.ALGORITHM, serial, value);
    }

    public X509Certificate certificate() {
        return credential.certificate();
    }

    /** The certificate's serial as lowercase hex, as sent in {@value DetachedSignature#HEADER_CERTIFICATE}. */
    public String certificateSerial() {
        return serial;
    }
}
