package cn.gov.sc.rst.filingbridge.cases;

/** The window interface a case arrived on. */
public enum Channel {
    REST,
    SOAP
}
