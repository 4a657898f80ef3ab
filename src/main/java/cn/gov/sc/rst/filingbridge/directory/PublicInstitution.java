package cn.gov.sc.rst.filingbridge.directory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;

/**
 * One institution as the public sees it: the whole whitelist of what leaves the gateway about it. The unit's
 * 统一社会信用代码 is public information about a legal person; the 负责人 is published by name (notice 五(四)); no
 * phone numbers, no identity numbers, no case payload, no revocation reasons (free text). Free-text fields pass
 * {@link PublicText#scrub} so that an identity number or a mobile number typed into them never shows.
 *
 * @param revokedOn the date of revocation when {@code status} is REVOKED, else null
 */
@JsonPropertyOrder({"filingNumber", "name", "unitName", "creditCode", "address", "director", "areaCode", "prefecture",
        "authority", "occupations", "scope", "validFrom", "validTo", "status", "statusLabel", "statusDate",
        "revokedOn"})
public record PublicInstitution(
        String filingNumber,
        String name,
        String unitName,
        String creditCode,
        String address,
        String director,
        String areaCode,
        String prefecture,
        String authority,
        List<Occupation> occupations,
        String scope,
        LocalDate validFrom,
        LocalDate validTo,
        String status,
        String statusLabel,
        LocalDate statusDate,
        LocalDate revokedOn) {

    public PublicInstitution {
        occupations = occupations == null ? List.of() : List.copyOf(occupations);
    }

    /** An occupation (工种) by its code in the 职业分类大典 and the levels (1–5) the institution may assess. */
    @JsonPropertyOrder({"code", "name", "levels"})
    public record Occupation(String code, String name, List<Integer> levels) {
        public Occupation {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }

        /** The levels as people read them: 三级/高级工、四级/中级工. */
        public String levelLabels() {
            return String.join("、", levels.stream().map(Levels::label).toList());
        }
    }

    public boolean revoked() {
        return "REVOKED".equals(status);
    }

    /** Code, name and levels of every occupation, as one line of text (CSV and page). */
    public String occupationsText() {
        return String.join("；", occupations.stream()
                .map(o -> o.code() + " " + o.name() + "（" + o.levelLabels() + "）").toList());
    }
}
