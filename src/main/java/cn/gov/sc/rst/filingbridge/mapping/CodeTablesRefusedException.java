package cn.gov.sc.rst.filingbridge.mapping;

/** The code tables could not be read again before a replay: nothing was replayed, the tables in use stay. */
public class CodeTablesRefusedException extends RuntimeException {

    public CodeTablesRefusedException(String reason, Throwable cause) {
        super("码表文件无法使用，未重放 / the code tables cannot be used, nothing was replayed: " + reason, cause);
    }
}
