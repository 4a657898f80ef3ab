package cn.gov.sc.rst.filingbridge.cases;

import cn.gov.sc.rst.filingbridge.cases.CaseState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state a case may move to from which (三 and 附件2 of the notice), as a plain table:
 * <pre>
 * RECEIVED → FORWARDED → UNDER_REVIEW
 *   (→ MATERIALS_INCOMPLETE → SUPPLEMENT_REQUESTED → SUPPLEMENTED → UNDER_REVIEW)*
 *   → FILED | REFUSED | TERMINATED (supplement window passed, or still incomplete after the 补正)
 * FILED | CHANGED → CHANGED | CANCELLED | REVOKED
 * </pre>
 * A case may also go FORWARDED → MATERIALS_INCOMPLETE (found incomplete at the first check) and MATERIALS_INCOMPLETE →
 * SUPPLEMENTED (the 补正 came before the platform confirmed the notice's SMS). UNDER_REVIEW → UNDER_REVIEW (materials
 * complete after a supplement) and CHANGED → CHANGED (a further 变更) are events that keep the state.
 */
public final class CaseTransitions {

    private static final Map<CaseState, Set<CaseState>> ALLOWED = new EnumMap<>(CaseState.class);

    static {
        for (CaseState s : CaseState.values()) {
            ALLOWED.put(s, EnumSet.noneOf(CaseState.class));
        }
        allow(CaseState.RECEIVED, CaseState.FORWARDED);
        allow(CaseState.FORWARDED, CaseState.UNDER_REVIEW, CaseState.MATERIALS_INCOMPLETE);
        allow(CaseState.UNDER_REVIEW, CaseState.UNDER_REVIEW, CaseState.MATERIALS_INCOMPLETE, CaseState.FILED,
                CaseState.REFUSED, CaseState.TERMINATED);
        allow(CaseState.MATERIALS_INCOMPLETE, CaseState.SUPPLEMENT_REQUESTED, CaseState.SUPPLEMENTED);
        allow(CaseState.SUPPLEMENT_REQUESTED, CaseState.SUPPLEMENTED, CaseState.TERMINATED);
        allow(CaseState.SUPPLEMENTED, CaseState.UNDER_REVIEW, CaseState.TERMINATED);
        allow(CaseState.FILED, CaseState.CHANGED, CaseState.CANCELLED, CaseState.REVOKED);
        allow(CaseState.CHANGED, CaseState.CHANGED, CaseState.CANCELLED, CaseState.REVOKED);
    }

    private CaseTransitions() {
    }

    private static void allow(CaseState from, CaseState... to) {
        ALLOWED.get(from).addAll(Set.of(to));
    }

    public static boolean allowed(CaseState from, CaseState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The states reachable from {@code from} in one step. */
    public static Set<CaseState> from(CaseState from) {
        return Set.copyOf(ALLOWED.get(from));
    }

    /** Refuses a move the table does not allow, naming both states. */
    public static void check(CaseState from, CaseState to) {
        if (!allowed(from, to)) {
            throw new TransitionRefusedException(from, to);
        }
    }
}
