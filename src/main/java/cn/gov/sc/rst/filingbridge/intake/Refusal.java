package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import java.util.List;

/**
 * A refused request as recorded: which channel and app, the SBLSH if it could be read, the HTTP status answered,
 * a reason code, the violations, and the SM3 of the body (never the body itself).
 */
public record Refusal(Channel channel, String appId, String sblsh, int httpStatus, String reasonCode,
                      List<Violation> violations, String bodySm3) {
}
