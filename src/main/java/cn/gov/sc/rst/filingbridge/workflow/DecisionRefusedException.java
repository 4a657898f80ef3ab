package cn.gov.sc.rst.filingbridge.workflow;

/** A skills decision does not fit its case (beyond the state table): the reason in Chinese and English. */
class DecisionRefusedException extends Exception {

    private final String messageZh;

    DecisionRefusedException(String messageZh, String messageEn) {
        super(messageEn);
        this.messageZh = messageZh;
    }

    String messageZh() {
        return messageZh;
    }
}
