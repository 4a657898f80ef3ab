package cn.gov.sc.rst.filingbridge.intake;

/** The SBLSH is already known with different content; the stored case stays as it was. */
public class CaseConflictException extends Exception {

    private final String sblsh;

    public CaseConflictException(String sblsh) {
        super("SBLSH " + sblsh + " was already received with different content");
        this.sblsh = sblsh;
    }

    public String sblsh() {
        return sblsh;
    }

    public String messageZh() {
        return "申办流水号 " + sblsh + " 已受理，且本次提交内容与已受理内容不一致；如需补正请使用新的申办流水号并以 GLSBLSH 关联原办件";
    }

    public String messageEn() {
        return "SBLSH " + sblsh + " was already received with different content; send a supplement under a new SBLSH"
                + " that references the original case in GLSBLSH";
    }
}
