package cn.gov.sc.rst.filingbridge.directory;

/** A directory request whose parameters are not usable; the message is Chinese and English, for the caller. */
public class BadDirectoryQueryException extends RuntimeException {

    public BadDirectoryQueryException(String chinese, String english) {
        super(chinese + " / " + english);
    }
}
