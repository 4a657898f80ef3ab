package cn.gov.sc.rst.filingbridge.wiring;

import org.slf4j.MDC;

/**
 * The case's SBLSH in the logging context ({@code sblsh}, shown on every line by logback-spring.xml) for a block. Unlike
 * {@link MDC#putCloseable}, which removes the key on close, the value the block found is put back: a case's work calls
 * listeners that open a block of their own (the acceptance feedback inside intake, the ministry report inside a
 * decision), and the lines after theirs still belong to the case.
 */
public final class CaseLogContext implements AutoCloseable {

    static final String KEY = "sblsh";

    private final String outer;

    private CaseLogContext(String outer) {
        this.outer = outer;
    }

    /** Puts {@code sblsh} in the logging context until {@link #close()}; null takes out what was there. */
    public static CaseLogContext sblsh(String sblsh) {
        CaseLogContext scope = new CaseLogContext(MDC.get(KEY));
        if (sblsh == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, sblsh);
        }
        return scope;
    }

    @Override
    public void close() {
        if (outer == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, outer);
        }
    }
}
