package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.InstitutionType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.LevelListType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.OccupationListType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.OccupationType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The institution as the ministry is told about it: 鉴定所（站）名称, its legal-person unit (全称 and 统一社会信用代码),
 * address, responsible person (所（站）长) and occupations with their levels.
 */
public record Institution(String name, String unitName, String creditCode, String address, String responsiblePerson,
                          List<Occupation> occupations) {

    /** 职业（工种）: code from 《职业分类大典》, name, levels 1 (高级技师) to 5 (初级工) as the case lists them. */
    public record Occupation(String code, String name, List<Integer> levels) {
        public Occupation {
            levels = List.copyOf(levels);
        }
    }

    public Institution {
        occupations = List.copyOf(occupations);
    }

    /** The institution of a case's 备案表, or empty when the case carries none (a 注销 does not). */
    public static Optional<Institution> of(FilingCase filingCase) {
        FilingCase.FilingForm form = filingCase.bab();
        if (form == null || form.institution() == null || form.applicant() == null || form.occupations() == null) {
            return Optional.empty();
        }
        List<Occupation> occupations = form.occupations().stream()
                .map(o -> new Occupation(o.code(), o.name(), o.levels() == null ? List.of() : o.levels()))
                .toList();
        return Optional.of(new Institution(form.institution().name(), form.applicant().fullName(),
                form.applicant().creditCode(), form.institution().address(), form.institution().directorName(),
                occupations));
    }

    /** The institution as an earlier report told it. */
    public static Institution of(InstitutionType reported) {
        Objects.requireNonNull(reported, "reported");
        List<Occupation> occupations = reported.getOccupations().getOccupation().stream()
                .map(o -> new Occupation(o.getCode(), o.getName(), o.getLevels().getLevel()))
                .toList();
        return new Institution(reported.getName(), reported.getUnitName(), reported.getCreditCode(),
                reported.getAddress(), reported.getResponsiblePerson(), occupations);
    }

    InstitutionType toContract() {
        InstitutionType institution = new InstitutionType();
        institution.setName(name);
        institution.setUnitName(unitName);
        institution.setCreditCode(creditCode);
        institution.setAddress(address);
        institution.setResponsiblePerson(responsiblePerson);
        OccupationListType list = new OccupationListType();
        for (Occupation o : occupations) {
            OccupationType occupation = new OccupationType();
            occupation.setCode(o.code());
            occupation.setName(o.name());
            LevelListType levels = new LevelListType();
            levels.getLevel().addAll(o.levels());
            occupation.setLevels(levels);
            list.getOccupation().add(occupation);
        }
        institution.setOccupations(list);
        return institution;
    }
}
