package cn.gov.sc.rst.filingbridge.wiring;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter ({@code %maskedMdc{key:-default}}): an MDC value as {@code %X} shows it, masked and escaped like the
 * message ({@link MaskingConverter#forLog}). The MDC holds values taken from requests (the SBLSH), so it is input too.
 */
public class MaskingMdcConverter extends MDCConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return MaskingConverter.forLog(super.convert(event));
    }
}
