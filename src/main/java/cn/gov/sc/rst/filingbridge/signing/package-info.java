/** Signing: SM3 digests and HMAC-SM3 for the window; SM2 signatures for records leaving the gateway. */
package cn.gov.sc.rst.filingbridge.signing;
