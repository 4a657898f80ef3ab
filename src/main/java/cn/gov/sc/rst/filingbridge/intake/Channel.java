package cn.gov.sc.rst.filingbridge.intake;

/** The window interface a case arrived on. */
public enum Channel {
    REST,
    SOAP
}
