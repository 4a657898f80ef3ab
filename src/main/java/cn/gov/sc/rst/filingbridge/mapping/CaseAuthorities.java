package cn.gov.sc.rst.filingbridge.mapping;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The competent authority of one case, from its stored window payload: the facts {@link Jurisdiction} needs, with the
 * authority that filed the institution found by the case's BAH ({@link OriginalAuthorities}) for a 变更 or 注销, and the
 * authority of the case it supplements for a 补正. The mapping and its golden tests both decide through this.
 */
@Component
class CaseAuthorities {

    private final Jurisdiction jurisdiction;
    private final OriginalAuthorities originals;
    private final JdbcClient jdbc;

    CaseAuthorities(Jurisdiction jurisdiction, OriginalAuthorities originals, JdbcClient jdbc) {
        this.jurisdiction = jurisdiction;
        this.originals = originals;
        this.jdbc = jdbc;
    }

    /**
     * The authority of a case of {@code caseType} (设立备案, 补正, 变更, 注销) with this {@code payload}; a 补正 names the
     * case it supplements ({@code relatedSblsh}). An unknown BAH is {@link Jurisdiction.UnknownFilingNumberException}.
     */
    Authority of(CaseType caseType, String relatedSblsh, JsonNode payload) {
        List<Integer> levels = new ArrayList<>();
        payload.at("/BAB/occupations").forEach(o -> o.path("levels").forEach(l -> levels.add(l.asInt())));
        List<String> changes = new ArrayList<>();
        payload.path("BGSX").forEach(i -> changes.add(i.asText()));
        // a 补正 follows its case; a 变更 or 注销 the authority that filed the institution, found by its BAH
        Optional<Authority> original = caseType == CaseType.CHANGE || caseType == CaseType.CANCELLATION
                ? originals.of(payload.path("BAH").asText(null))
                : relatedSblsh == null ? Optional.empty() : authorityOf(relatedSblsh);
        return jurisdiction.decide(new Jurisdiction.Facts(caseType, payload.at("/BAB/applicant/unitCategory").asText(null),
                payload.get("XZQHDM").asText(), levels, changes, original));
    }

    private Optional<Authority> authorityOf(String sblsh) {
        return jdbc.sql("""
                SELECT authority_tier, authority_area, authority_name, authority_reason FROM filing_case
                WHERE sblsh = :sblsh AND authority_tier IS NOT NULL""")
                .param("sblsh", sblsh)
                .query((rs, i) -> new Authority(Authority.Tier.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getString(4)))
                .optional();
    }
}
