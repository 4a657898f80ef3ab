package cn.gov.sc.rst.filingbridge.notice;

/**
 * The PDF cannot be made as it must be: the CJK font is not there, cannot be read, or lacks a glyph for a character of
 * the notice. No PDF is produced in that case, never one with missing glyphs.
 */
public class NoticeFontException extends IllegalStateException {

    public NoticeFontException(String message) {
        super(message);
    }

    public NoticeFontException(String message, Throwable cause) {
        super(message, cause);
    }
}
