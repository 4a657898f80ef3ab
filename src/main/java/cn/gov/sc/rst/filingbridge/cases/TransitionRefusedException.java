package cn.gov.sc.rst.filingbridge.cases;

import cn.gov.sc.rst.filingbridge.cases.CaseState;

/**
 * A case cannot move from one state to another: the transition table does not allow it, or the case was no longer in
 * the state the move started from (another writer moved it first). The messages name both states, in Chinese and
 * English.
 */
public class TransitionRefusedException extends IllegalStateException {

    private final CaseState from;
    private final CaseState to;
    private final String messageZh;

    public TransitionRefusedException(CaseState from, CaseState to) {
        super("a case in state " + from + " cannot move to " + to);
        this.from = from;
        this.to = to;
        this.messageZh = "办件当前状态为 " + from + "，不能转为 " + to;
    }

    TransitionRefusedException(CaseState expected, CaseState actual, CaseState to) {
        super("the case left state " + expected + " (it is now " + actual + ") before it could move to " + to);
        this.from = actual;
        this.to = to;
        this.messageZh = "办件已由 " + expected + " 转为 " + actual + "，不能再转为 " + to;
    }

    public CaseState from() {
        return from;
    }

    public CaseState to() {
        return to;
    }

    public String messageZh() {
        return messageZh;
    }

    public String messageEn() {
        return getMessage();
    }
}
