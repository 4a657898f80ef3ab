package cn.gov.sc.rst.filingbridge.wiring;

import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.transaction.TransactionException;

/**
 * Whether a failure is the database's or the broker's, however wrapped (a transaction that cannot begin, a JDBC or JMS
 * exception under another): the gateway cannot serve now, which every API answers 503 with Retry-After, never as a
 * fault of the request and never 401 or 500.
 */
public final class InfrastructureFailures {

    private InfrastructureFailures() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException || t instanceof JmsException || t instanceof TransactionException
                    || t instanceof java.sql.SQLException || t instanceof jakarta.jms.JMSException) {
                return true;
            }
        }
        return false;
    }
}
