package cn.gov.sc.rst.filingbridge.intake;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the window asks of the register of filed institutions: the institution a 变更 or 注销 names by its BAH. Implemented
 * where the register is read (mapping's {@code OriginalAuthorities}), so that intake depends on no later stage.
 */
public interface FilingRegister {

    /** The institution {@code filingNumber} as the register, else the imports, hold it. */
    Optional<Registered> registered(String filingNumber);

    /**
     * The institution as registered: the gateway's own entry (name, address, director, credit code, the levels of each
     * occupation code), or what an operator imported (name and, once a 变更 named one, director; the rest null); with
     * its status (FILED, CANCELLED for 注销, REVOKED for 取消备案) and since when.
     */
    record Registered(String name, String address, String directorName, String creditCode,
                      Map<String, Set<Integer>> levels, String status, LocalDate since) {

        public boolean inForce() {
            return "FILED".equals(status);
        }
    }
}
