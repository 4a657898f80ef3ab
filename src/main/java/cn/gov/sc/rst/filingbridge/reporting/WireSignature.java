package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignatureAlgorithmCode;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignatureType;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MalformedSignatureException;
import java.util.Base64;

/** A {@link DetachedSignature} in the contract's three fields (algorithm, certificateSerial, value), and back. */
public final class WireSignature {

    private WireSignature() {
    }

    public static SignatureType toContract(DetachedSignature signature) {
        SignatureType wire = new SignatureType();
        wire.setAlgorithm(SignatureAlgorithmCode.fromValue(signature.algorithm()));
        wire.setCertificateSerial(signature.certificateSerial());
        wire.setValue(signature.value());
        return wire;
    }

    /** The three fields as they arrived, read with the same checks as the HTTP headers; absent ones are malformed. */
    public static DetachedSignature fromContract(SignatureType wire) throws MalformedSignatureException {
        if (wire == null) {
            throw new MalformedSignatureException("signature is missing", null);
        }
        return DetachedSignature.fromFields(wire.getAlgorithm() == null ? null : wire.getAlgorithm().value(),
                wire.getCertificateSerial(),
                wire.getValue() == null ? null : Base64.getEncoder().encodeToString(wire.getValue()));
    }
}
