package cn.gov.sc.rst.filingbridge.intake;

/** What a window edge answers: HTTP status, content type and body bytes. */
public record WindowReply(int status, String contentType, byte[] body) {
}
