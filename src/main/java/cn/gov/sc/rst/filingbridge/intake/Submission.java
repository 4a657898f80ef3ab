package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;

/**
 * Who sent a case and how: the authenticated app, the channel and the SM3 of the raw body as received; and the
 * request's window nonce when it is still to be claimed, with the case, in the intake transaction (null: claimed).
 */
public record Submission(Channel channel, String appId, String bodySm3, NonceStore.Pending nonce) {

    public Submission(Channel channel, String appId, String bodySm3) {
        this(channel, appId, bodySm3, null);
    }
}
