package cn.gov.sc.rst.filingbridge.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * How the two integers (r, s) of an SM2 signature are written on the wire. {@link #DER} (GB/T 35276
 * {@code SM2Signature ::= SEQUENCE { r INTEGER, s INTEGER }}) is the default; {@link #RAW} is the fixed 64-byte
 * {@code r || s} that some peers send instead and is configured per peer.
 */
public enum SignatureFormat {

    DER {
        @Override
        byte[] encode(BigInteger r, BigInteger s) {
            try {
                return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                        .getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalStateException("DER encoding of two integers failed", e);
            }
        }

        @Override
        BigInteger[] decode(byte[] signature) throws MalformedSignatureException {
            ASN1Sequence sequence;
            try {
                sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            } catch (IOException | RuntimeException e) {
                // Bouncy Castle reports broken ASN.1 with IOException, IllegalArgumentException or ASN1ParsingException.
                throw new MalformedSignatureException("signature is not a DER SEQUENCE of two INTEGERs", e);
            }
            if (sequence == null || sequence.size() != 2
                    || !(sequence.getObjectAt(0) instanceof ASN1Integer r)
                    || !(sequence.getObjectAt(1) instanceof ASN1Integer s)) {
                throw new MalformedSignatureException("signature is not a DER SEQUENCE of two INTEGERs", null);
            }
            BigInteger[] rs = {r.getValue(), s.getValue()};
            if (!Arrays.equals(encode(rs[0], rs[1]), signature)) {
                throw new MalformedSignatureException("signature is not in canonical DER (trailing or padded bytes)",
                        null);
            }
            return rs;
        }
    },

    RAW {
        @Override
        byte[] encode(BigInteger r, BigInteger s) {
            byte[] out = new byte[2 * COMPONENT_BYTES];
            BigIntegers.asUnsignedByteArray(r, out, 0, COMPONENT_BYTES);
            BigIntegers.asUnsignedByteArray(s, out, COMPONENT_BYTES, COMPONENT_BYTES);
            return out;
        }

        @Override
        BigInteger[] decode(byte[] signature) throws MalformedSignatureException {
            if (signature.length != 2 * COMPONENT_BYTES) {
                throw new MalformedSignatureException("raw signature must be " + 2 * COMPONENT_BYTES
                        + " bytes (r || s), got " + signature.length, null);
            }
            return new BigInteger[] {
                BigIntegers.fromUnsignedByteArray(signature, 0, COMPONENT_BYTES),
                BigIntegers.fromUnsignedByteArray(signature, COMPONENT_BYTES, COMPONENT_BYTES)};
        }
    };

    /** Bytes of r and of s in {@link #RAW}: the size of the {@code sm2p256v1} order. */
    static final int COMPONENT_BYTES = 32;

    /** (r, s) in this format. Values must be non-negative and, for RAW, fit 32 bytes. */
    abstract byte[] encode(BigInteger r, BigInteger s);

    /** {r, s} from this format; nothing is checked against the curve order here. */
    abstract BigInteger[] decode(byte[] signature) throws MalformedSignatureException;

    /** The same signature in {@code target} format. */
    public byte[] convert(byte[] signature, SignatureFormat target) throws MalformedSignatureException {
        BigInteger[] rs = decode(signature);
        if (target == RAW && (rs[0].bitLength() > 8 * COMPONENT_BYTES || rs[1].bitLength() > 8 * COMPONENT_BYTES
                || rs[0].signum() < 0 || rs[1].signum() < 0)) {
            throw new MalformedSignatureException("signature values do not fit " + COMPONENT_BYTES + " bytes", null);
        }
        return target.encode(rs[0], rs[1]);
    }
}
