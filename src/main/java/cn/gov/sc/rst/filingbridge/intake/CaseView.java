package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
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
        List<Event> history) {

    /** One recorded transition. */
    public record Event(int seq, String type, String fromState, String toState, String actor, String reason,
                        OffsetDateTime at) {
    }
}
