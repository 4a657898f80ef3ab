package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A case's state and history as the window may query it. */
public record CaseView(
        @JsonProperty("SBLSH") String sblsh,
        String caseId,
        @JsonProperty("YWLX") String caseType,
        String state,
        OffsetDateTime receivedAt,
        List<Receipt.MissingMaterial> missingMaterials,
        List<Event> history,
        List<Clock> clocks) {

    /** Without clocks (a case the workflow has not timed, or a caller that does not show them). */
    public CaseView(String sblsh, String caseId, String caseType, String state, OffsetDateTime receivedAt,
                    List<Receipt.MissingMaterial> missingMaterials, List<Event> history) {
        this(sblsh, caseId, caseType, state, receivedAt, missingMaterials, history, List.of());
    }

    /**
     * One statutory clock of the case (COMPLETENESS, SUPPLEMENT, FILING): when it started, its due date in working days,
     * whether that date is provisional (a year without a loaded calendar), the working days left on the day asked
     * (negative when overdue), and when and why it stopped.
     */
    public record Clock(String kind, OffsetDateTime startedAt, int workingDays, LocalDate dueDate, boolean provisional,
                        int remainingWorkingDays, boolean overdue, OffsetDateTime stoppedAt, String stopReason) {
    }

    /** One recorded transition. */
    public record Event(int seq, String type, String fromState, String toState, String actor, String reason,
                        OffsetDateTime at) {
    }
}
