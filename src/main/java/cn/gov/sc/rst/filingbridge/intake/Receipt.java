package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/** 受理回执: returned only after the case, its first event and its outbox entry are committed. */
public record Receipt(
        @JsonProperty("SBLSH") String sblsh,
        String caseId,
        OffsetDateTime receivedAt,
        String state,
        List<MissingMaterial> missingMaterials) {

    /** A material the checklist requires for this case that the submission does not carry. */
    public record MissingMaterial(String code, String name) {
    }
}
