package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;

/** Who sent a case and how: the authenticated app, the channel and the SM3 of the raw body as received. */
public record Submission(Channel channel, String appId, String bodySm3) {
}
