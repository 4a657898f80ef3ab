package cn.gov.sc.rst.filingbridge.signing;

/** The signature names a certificate serial that is not among the configured signers' certificates. */
public final class UnknownCertificateException extends SignatureRejectedException {

    private final String serial;

    public UnknownCertificateException(String serial) {
        super(Reason.UNKNOWN_CERTIFICATE, "no signer certificate with serial " + serial + " is configured", null);
        this.serial = serial;
    }

    /** The serial as it arrived, lowercase hex. */
    public String serial() {
        return serial;
    }
}
