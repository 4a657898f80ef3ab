package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.ApplicantType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.AssessorListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.AssessorType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ChangeItemListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CommitmentType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CommitmentsType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EquipmentListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EquipmentType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingFormType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.InstitutionType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.LevelListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ManagementStaffListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ManagementStaffType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MaterialListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OccupationListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OccupationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OfficeType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OpinionType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OpinionsType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RatioType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RatiosType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RegulationListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RegulationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.SiteType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.SitesType;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SOAP form of a case for tests: the intake model mapped to the contract's generated types, the inverse of
 * {@link SoapMapping#toFilingCase}. A null member becomes an absent element and a list an element wrapping its items
 * (an empty list an empty wrapper), so that the gateway maps the result back to an equal {@link FilingCase}.
 */
final class SoapCases {

    private SoapCases() {
    }

    static FilingCaseType toSoap(FilingCase c) {
        FilingCaseType t = new FilingCaseType();
        t.setSBLSH(c.sblsh());
        t.setSXBM(c.sxbm());
        t.setSXMC(c.sxmc());
        t.setYWLX(c.ywlx());
        t.setGLSBLSH(c.glsblsh());
        t.setBAH(c.bah());
        t.setBGSX(list(c.bgsx(), ChangeItemListType::new, ChangeItemListType::getItem, Function.identity()));
        t.setBGRQ(c.bgrq());
        t.setZXYY(c.zxyy());
        t.setSQRMC(c.sqrmc());
        t.setSQRZJLX(c.sqrzjlx());
        t.setSQRZJHM(c.sqrzjhm());
        t.setLXRXM(c.lxrxm());
        t.setLXRSJ(c.lxrsj());
        t.setSBSJ(c.sbsj());
        t.setXZQHDM(c.xzqhdm());
        t.setBAB(map(c.bab(), SoapCases::form));
        t.setCLQD(list(c.clqd(), MaterialListType::new, MaterialListType::getMaterial, SoapCases::material));
        return t;
    }

    private static FilingFormType form(FilingCase.FilingForm f) {
        FilingFormType t = new FilingFormType();
        t.setApplicant(map(f.applicant(), SoapCases::applicant));
        t.setInstitution(map(f.institution(), SoapCases::institution));
        t.setOccupations(list(f.occupations(), OccupationListType::new, OccupationListType::getOccupation,
                SoapCases::occupation));
        t.setSites(map(f.sites(), SoapCases::sites));
        t.setOffice(map(f.office(), SoapCases::office));
        t.setRatios(map(f.ratios(), SoapCases::ratios));
        t.setManagementStaff(list(f.managementStaff(), ManagementStaffListType::new, ManagementStaffListType::getMember,
                SoapCases::staff));
        t.setAssessors(list(f.assessors(), AssessorListType::new, AssessorListType::getAssessor, SoapCases::assessor));
        t.setCommitments(map(f.commitments(), SoapCases::commitments));
        t.setRegulations(list(f.regulations(), RegulationListType::new, RegulationListType::getRegulation,
                SoapCases::regulation));
        t.setOpinions(map(f.opinions(), SoapCases::opinions));
        t.setRemarks(f.remarks());
        return t;
    }

    private static ApplicantType applicant(FilingCase.Applicant a) {
        ApplicantType t = new ApplicantType();
        t.setFullName(a.fullName());
        t.setCreditCode(a.creditCode());
        t.setLegalRepresentative(a.legalRepresentative());
        t.setLicenceNumber(a.licenceNumber());
        t.setLicenceIssuer(a.licenceIssuer());
        t.setAddress(a.address());
        t.setPhone(a.phone());
        t.setUnitCategory(a.unitCategory());
        t.setDeclarationDate(a.declarationDate());
        return t;
    }

    private static InstitutionType institution(FilingCase.Institution i) {
        InstitutionType t = new InstitutionType();
        t.setName(i.name());
        t.setAddress(i.address());
        t.setDirectorName(i.directorName());
        t.setDirectorPhone(i.directorPhone());
        return t;
    }

    private static OccupationType occupation(FilingCase.Occupation o) {
        OccupationType t = new OccupationType();
        t.setCode(o.code());
        t.setName(o.name());
        t.setLevels(list(o.levels(), LevelListType::new, LevelListType::getLevel, Function.identity()));
        t.setAssessorCount(o.assessorCount());
        t.setSeniorAssessorCount(o.seniorAssessorCount());
        t.setIndustryTrade(o.industryTrade());
        return t;
    }

    private static SitesType sites(FilingCase.Sites s) {
        SitesType t = new SitesType();
        t.setTheory(map(s.theory(), SoapCases::site));
        t.setPractical(map(s.practical(), SoapCases::site));
        t.setInspection(map(s.inspection(), SoapCases::site));
        return t;
    }

    private static SiteType site(FilingCase.Site s) {
        SiteType t = new SiteType();
        t.setCount(s.count());
        t.setAreaSquareMetres(s.areaSquareMetres());
        t.setEquipment(list(s.equipment(), EquipmentListType::new, EquipmentListType::getItem, SoapCases::equipment));
        return t;
    }

    private static OfficeType office(FilingCase.Office o) {
        OfficeType t = new OfficeType();
        t.setAddress(o.address());
        t.setRooms(o.rooms());
        t.setAreaSquareMetres(o.areaSquareMetres());
        t.setFacilities(list(o.facilities(), EquipmentListType::new, EquipmentListType::getItem, SoapCases::equipment));
        t.setArchiveStorage(list(o.archiveStorage(), EquipmentListType::new, EquipmentListType::getItem,
                SoapCases::equipment));
        return t;
    }

    private static RatiosType ratios(FilingCase.Ratios r) {
        RatiosType t = new RatiosType();
        t.setTheory(map(r.theory(), SoapCases::ratio));
        t.setPractical(map(r.practical(), SoapCases::ratio));
        t.setReview(map(r.review(), SoapCases::ratio));
        return t;
    }

    private static RatioType ratio(FilingCase.Ratio r) {
        RatioType t = new RatioType();
        t.setCandidates(r.candidates());
        t.setStaff(r.staff());
        return t;
    }

    private static EquipmentType equipment(FilingCase.Equipment e) {
        EquipmentType t = new EquipmentType();
        t.setName(e.name());
        t.setModel(e.model());
        t.setUnit(e.unit());
        t.setQuantity(e.quantity());
        return t;
    }

    private static ManagementStaffType staff(FilingCase.ManagementStaff m) {
        ManagementStaffType t = new ManagementStaffType();
        t.setRole(m.role());
        t.setName(m.name());
        t.setGender(m.gender());
        t.setAge(m.age());
        t.setQualification(m.qualification());
        t.setEducation(m.education());
        t.setProfessionalTitle(m.professionalTitle());
        t.setOfficePhone(m.officePhone());
        t.setHomePhone(m.homePhone());
        t.setMobile(m.mobile());
        t.setSocialSecurityNumber(m.socialSecurityNumber());
        return t;
    }

    private static AssessorType assessor(FilingCase.Assessor a) {
        AssessorType t = new AssessorType();
        t.setName(a.name());
        t.setGender(a.gender());
        t.setAge(a.age());
        t.setEducation(a.education());
        t.setPosition(a.position());
        t.setProfessionalTitle(a.professionalTitle());
        t.setRole(a.role());
        t.setOccupation(a.occupation());
        t.setQualifiedOn(a.qualifiedOn());
        t.setPhone(a.phone());
        t.setSocialSecurityNumber(a.socialSecurityNumber());
        return t;
    }

    private static CommitmentsType commitments(FilingCase.Commitments c) {
        CommitmentsType t = new CommitmentsType();
        t.setTruthfulness(map(c.truthfulness(), SoapCases::commitment));
        t.setStandardOperation(map(c.standardOperation(), SoapCases::commitment));
        return t;
    }

    private static CommitmentType commitment(FilingCase.Commitment c) {
        CommitmentType t = new CommitmentType();
        t.setSignedBy(c.signedBy());
        t.setSignedOn(c.signedOn());
        return t;
    }

    private static RegulationType regulation(FilingCase.Regulation r) {
        RegulationType t = new RegulationType();
        t.setTitle(r.title());
        return t;
    }

    private static OpinionsType opinions(FilingCase.Opinions o) {
        OpinionsType t = new OpinionsType();
        t.setLegalPersonUnit(map(o.legalPersonUnit(), SoapCases::opinion));
        t.setIndustryAuthority(map(o.industryAuthority(), SoapCases::opinion));
        return t;
    }

    private static OpinionType opinion(FilingCase.Opinion o) {
        OpinionType t = new OpinionType();
        t.setAuthority(o.authority());
        t.setOpinion(o.opinion());
        t.setSealed(o.sealed());
        t.setDate(o.date());
        return t;
    }

    private static MaterialType material(FilingCase.Material m) {
        MaterialType t = new MaterialType();
        t.setCode(m.code());
        t.setName(m.name());
        t.setSm3(m.sm3());
        t.setContent(m.content());
        t.setRef(m.ref());
        return t;
    }

    private static <S, T> T map(S source, Function<S, T> mapper) {
        return source == null ? null : mapper.apply(source);
    }

    /** A list to its wrapper element; a list item cannot be absent in XML, so a null item is refused. */
    private static <S, T, W> W list(List<S> source, Supplier<W> wrapper, Function<W, List<T>> items,
                                    Function<S, T> mapper) {
        if (source == null) {
            return null;
        }
        W w = wrapper.get();
        for (S s : source) {
            if (s == null) {
                throw new IllegalArgumentException("a null list item has no SOAP form");
            }
            items.apply(w).add(mapper.apply(s));
        }
        return w;
    }
}
