package cn.gov.sc.rst.filingbridge.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.cases.CaseState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair of states, allowed or refused, against the procedure of the notice written out here independently of the
 * table: 144 cases, each refusal naming both states in Chinese and English.
 */
class CaseTransitionsTest {

    /** The procedure as the issue states it, one "FROM>TO" per allowed step. */
    static final Set<String> PROCEDURE = Set.of(
            "RECEIVED>FORWARDED",
            "FORWARDED>UNDER_REVIEW", "FORWARDED>MATERIALS_INCOMPLETE",
            "UNDER_REVIEW>UNDER_REVIEW", "UNDER_REVIEW>MATERIALS_INCOMPLETE", "UNDER_REVIEW>FILED",
            "UNDER_REVIEW>REFUSED", "UNDER_REVIEW>TERMINATED",
            "MATERIALS_INCOMPLETE>SUPPLEMENT_REQUESTED", "MATERIALS_INCOMPLETE>SUPPLEMENTED",
            "SUPPLEMENT_REQUESTED>SUPPLEMENTED", "SUPPLEMENT_REQUESTED>TERMINATED",
            "SUPPLEMENTED>UNDER_REVIEW", "SUPPLEMENTED>TERMINATED",
            "FILED>CHANGED", "FILED>CANCELLED", "FILED>REVOKED",
            "CHANGED>CHANGED", "CHANGED>CANCELLED", "CHANGED>REVOKED");

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (CaseState from : CaseState.values()) {
            for (CaseState to : CaseState.values()) {
                pairs.add(Arguments.of(from, to, PROCEDURE.contains(from + ">" + to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed={2}")
    @MethodSource("everyPair")
    void theTableFollowsTheProcedure(CaseState from, CaseState to, boolean allowed) {
        assertThat(CaseTransitions.allowed(from, to)).isEqualTo(allowed);
        if (allowed) {
            assertThatCode(() -> CaseTransitions.check(from, to)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> CaseTransitions.check(from, to))
                    .isInstanceOfSatisfying(TransitionRefusedException.class, e -> {
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                        assertThat(e.messageEn()).contains(from.name()).contains(to.name());
                        assertThat(e.messageZh()).contains(from.name()).contains(to.name()).contains("不能");
                    });
        }
    }

    @ParameterizedTest(name = "{0} is final: nothing but the filed-institution moves leave it")
    @MethodSource("finalStates")
    void decidedCasesStayDecided(CaseState state) {
        Set<CaseState> onward = CaseTransitions.from(state);
        assertThat(onward).isSubsetOf(CaseState.CHANGED, CaseState.CANCELLED, CaseState.REVOKED);
        if (state == CaseState.REFUSED || state == CaseState.TERMINATED || state == CaseState.CANCELLED
                || state == CaseState.REVOKED) {
            assertThat(onward).isEmpty();
        }
    }

    static Stream<CaseState> finalStates() {
        return Stream.of(CaseState.values()).filter(s -> !s.isOpen());
    }
}
