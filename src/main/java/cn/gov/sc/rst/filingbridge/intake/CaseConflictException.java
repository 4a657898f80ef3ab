package cn.gov.sc.rst.filingbridge.intake;

/**
 * The SBLSH is already taken: received with different content, or by another app (whose case this app may not read, so
 * the answer does not say which); the stored case stays as it was.
 */
public class CaseConflictException extends Exception {

    private final String sblsh;
    private final boolean sameApp;

    public CaseConflictException(String sblsh) {
        this(sblsh, true);
    }

    public CaseConflictException(String sblsh, boolean sameApp) {
        super("SBLSH " + sblsh + (sameApp ? " was already received with different content" : " is already taken"));
        this.sblsh = sblsh;
        this.sameApp = sameApp;
    }

    public String sblsh() {
        return sblsh;
    }

    public String messageZh() {
        if (!sameApp) {
            return "申办流水号 " + sblsh + " 已被使用，请使用新的申办流水号";
        }
        return "申办流水号 " + sblsh + " 已受理，且本次提交内容与已受理内容不一致；如需补正请使用新的申办流水号并以 GLSBLSH 关联原办件";
    }

    public String messageEn() {
        if (!sameApp) {
            return "SBLSH " + sblsh + " is already taken; use a new SBLSH";
        }
        return "SBLSH " + sblsh + " was already received with different content; send a supplement under a new SBLSH"
                + " that references the original case in GLSBLSH";
    }
}
