package cn.gov.sc.rst.filingbridge.testsupport;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@code filing_case} row written directly, as intake (and mapping, where an authority is given) would have left it,
 * for tests that need a case in a given state without taking it there. Unless set: case type NEW, no related case,
 * state ACCEPTED, channel REST, app {@code test-app}, an all-zero SM3, payload {}, no missing materials, receipt {},
 * version 1 and no filing authority.
 */
public final class CaseRow {

    private final String caseId;
    private final String sblsh;
    private String caseType = "NEW";
    private String state = "ACCEPTED";
    private String appId = "test-app";
    private String contentSm3 = "0".repeat(64);
    private String applicantName;
    private String creditCode;
    private String areaCode;
    private OffsetDateTime receivedAt;
    private String payload = "{}";
    private String authorityTier;
    private String authorityArea;
    private String authorityName;
    private String authorityReason;

    private CaseRow(String caseId, String sblsh) {
        this.caseId = caseId;
        this.sblsh = sblsh;
    }

    /** A row for {@code caseId} and {@code sblsh}; applicant, area and received-at are to be set before inserting. */
    public static CaseRow of(String caseId, String sblsh) {
        return new CaseRow(caseId, sblsh);
    }

    public CaseRow caseType(String value) {
        caseType = value;
        return this;
    }

    public CaseRow state(String value) {
        state = value;
        return this;
    }

    public CaseRow appId(String value) {
        appId = value;
        return this;
    }

    public CaseRow contentSm3(String value) {
        contentSm3 = value;
        return this;
    }

    public CaseRow applicant(String name, String creditCode) {
        this.applicantName = name;
        this.creditCode = creditCode;
        return this;
    }

    public CaseRow areaCode(String value) {
        areaCode = value;
        return this;
    }

    public CaseRow receivedAt(OffsetDateTime value) {
        receivedAt = value;
        return this;
    }

    public CaseRow payload(String value) {
        payload = value;
        return this;
    }

    /** The filing authority mapping decided on (tier PROVINCE or PREFECTURE); {@code reason} may be null. */
    public CaseRow authority(String tier, String area, String name, String reason) {
        authorityTier = tier;
        authorityArea = area;
        authorityName = name;
        authorityReason = reason;
        return this;
    }

    /** Inserts the row; the case id. */
    public String insert(JdbcClient jdbc) {
        jdbc.sql("""
                INSERT INTO filing_case (case_id, sblsh, case_type, related_sblsh, state, channel, app_id, content_sm3,
                  applicant_name, credit_code, area_code, received_at, payload, missing_materials, receipt, version,
                  authority_tier, authority_area, authority_name, authority_reason)
                VALUES (:caseId, :sblsh, :caseType, NULL, :state, 'REST', :appId, :sm3, :name, :credit, :area, :at,
                  :payload, '[]', '{}', 1, :tier, :authArea, :authName, :authReason)""")
                .param("caseId", caseId).param("sblsh", sblsh).param("caseType", caseType)
                .param("state", state).param("appId", appId).param("sm3", contentSm3)
                .param("name", applicantName).param("credit", creditCode).param("area", areaCode)
                .param("at", receivedAt).param("payload", payload).param("tier", authorityTier)
                .param("authArea", authorityArea).param("authName", authorityName).param("authReason", authorityReason)
                .update();
        return caseId;
    }
}
