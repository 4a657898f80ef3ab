package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.intake.soap.v1.ApplicantType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.AssessorListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.AssessorType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CaseViewType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ChangeItemListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CommitmentType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.CommitmentsType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ConflictFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EquipmentListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EquipmentType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.EventType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingCaseType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.FilingFormType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.HistoryType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.InstitutionType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.LevelListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ManagementStaffListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ManagementStaffType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MaterialListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MissingMaterialListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.MissingMaterialType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.NotFoundFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OccupationListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OccupationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OfficeType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OpinionType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.OpinionsType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RatioType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RatiosType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ReceiptType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RegulationListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.RegulationType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.SiteType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.SitesType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ValidationFaultType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationListType;
import cn.gov.sc.rst.filingbridge.intake.soap.v1.ViolationType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Maps between the SOAP contract's generated types and the intake model. An absent element maps to null and an
 * empty list wrapper to an empty list, exactly as an absent JSON member and an empty JSON array do, so the same
 * 办件 gives the same {@link FilingCase} on both channels.
 */
final class SoapMapping {

    private SoapMapping() {
    }

    /**
     * The case as the intake model holds it. {@code asJsonReads} gives a date-time the value the gateway's JSON
     * reading gives the same ISO-8601 text (which may move it to another offset), so that both channels agree.
     */
    static FilingCase toFilingCase(FilingCaseType c, UnaryOperator<OffsetDateTime> asJsonReads) {
        return new FilingCase(
                c.getSBLSH(), c.getSXBM(), c.getSXMC(), c.getYWLX(), c.getGLSBLSH(), c.getBAH(),
                list(c.getBGSX(), ChangeItemListType::getItem, Function.identity()),
                c.getBGRQ(), c.getZXYY(), c.getSQRMC(), c.getSQRZJLX(), c.getSQRZJHM(), c.getLXRXM(), c.getLXRSJ(),
                map(c.getSBSJ(), asJsonReads), c.getXZQHDM(),
                map(c.getBAB(), SoapMapping::toForm),
                list(c.getCLQD(), MaterialListType::getMaterial, SoapMapping::toMaterial));
    }

    private static FilingCase.FilingForm toForm(FilingFormType f) {
        return new FilingCase.FilingForm(
                map(f.getApplicant(), SoapMapping::toApplicant),
                map(f.getInstitution(), SoapMapping::toInstitution),
                list(f.getOccupations(), OccupationListType::getOccupation, SoapMapping::toOccupation),
                map(f.getSites(), SoapMapping::toSites),
                list(f.getManagementStaff(), ManagementStaffListType::getMember, SoapMapping::toManagementStaff),
                list(f.getAssessors(), AssessorListType::getAssessor, SoapMapping::toAssessor),
                map(f.getCommitments(), SoapMapping::toCommitments),
                list(f.getRegulations(), RegulationListType::getRegulation, SoapMapping::toRegulation),
                map(f.getOpinions(), SoapMapping::toOpinions),
                f.getRemarks(),
                map(f.getOffice(), SoapMapping::toOffice),
                map(f.getRatios(), SoapMapping::toRatios));
    }

    private static FilingCase.Office toOffice(OfficeType o) {
        return new FilingCase.Office(o.getAddress(), o.getRooms(), o.getAreaSquareMetres(),
                list(o.getFacilities(), EquipmentListType::getItem, SoapMapping::toEquipment),
                list(o.getArchiveStorage(), EquipmentListType::getItem, SoapMapping::toEquipment));
    }

    private static FilingCase.Ratios toRatios(RatiosType r) {
        return new FilingCase.Ratios(map(r.getTheory(), SoapMapping::toRatio), map(r.getPractical(), SoapMapping::toRatio),
                map(r.getReview(), SoapMapping::toRatio));
    }

    private static FilingCase.Ratio toRatio(RatioType r) {
        return new FilingCase.Ratio(r.getCandidates(), r.getStaff());
    }

    private static FilingCase.Applicant toApplicant(ApplicantType a) {
        return new FilingCase.Applicant(a.getFullName(), a.getCreditCode(), a.getLegalRepresentative(),
                a.getLicenceNumber(), a.getLicenceIssuer(), a.getAddress(), a.getPhone(), a.getUnitCategory(),
                a.getDeclarationDate());
    }

    private static FilingCase.Institution toInstitution(InstitutionType i) {
        return new FilingCase.Institution(i.getName(), i.getAddress(), i.getDirectorName(), i.getDirectorPhone());
    }

    private static FilingCase.Occupation toOccupation(OccupationType o) {
        return new FilingCase.Occupation(o.getCode(), o.getName(),
                list(o.getLevels(), LevelListType::getLevel, Function.identity()),
                o.getAssessorCount(), o.getSeniorAssessorCount(), o.isIndustryTrade());
    }

    private static FilingCase.Sites toSites(SitesType s) {
        return new FilingCase.Sites(map(s.getTheory(), SoapMapping::toSite), map(s.getPractical(), SoapMapping::toSite),
                map(s.getInspection(), SoapMapping::toSite));
    }

    private static FilingCase.Site toSite(SiteType s) {
        return new FilingCase.Site(s.getCount(), s.getAreaSquareMetres(),
                list(s.getEquipment(), EquipmentListType::getItem, SoapMapping::toEquipment));
    }

    private static FilingCase.Equipment toEquipment(EquipmentType e) {
        return new FilingCase.Equipment(e.getName(), e.getModel(), e.getUnit(), e.getQuantity());
    }

    private static FilingCase.ManagementStaff toManagementStaff(ManagementStaffType m) {
        return new FilingCase.ManagementStaff(m.getRole(), m.getName(), m.getGender(), m.getAge(),
                m.getQualification(), m.getEducation(), m.getProfessionalTitle(), m.getOfficePhone(),
                m.getHomePhone(), m.getMobile(), m.getSocialSecurityNumber());
    }

    private static FilingCase.Assessor toAssessor(AssessorType a) {
        return new FilingCase.Assessor(a.getName(), a.getGender(), a.getAge(), a.getEducation(), a.getPosition(),
                a.getProfessionalTitle(), a.getRole(), a.getOccupation(), a.getQualifiedOn(), a.getPhone(),
                a.getSocialSecurityNumber());
    }

    private static FilingCase.Commitments toCommitments(CommitmentsType c) {
        return new FilingCase.Commitments(map(c.getTruthfulness(), SoapMapping::toCommitment),
                map(c.getStandardOperation(), SoapMapping::toCommitment));
    }

    private static FilingCase.Commitment toCommitment(CommitmentType c) {
        return new FilingCase.Commitment(c.getSignedBy(), c.getSignedOn());
    }

    private static FilingCase.Regulation toRegulation(RegulationType r) {
        return new FilingCase.Regulation(r.getTitle());
    }

    private static FilingCase.Opinions toOpinions(OpinionsType o) {
        return new FilingCase.Opinions(map(o.getLegalPersonUnit(), SoapMapping::toOpinion),
                map(o.getIndustryAuthority(), SoapMapping::toOpinion));
    }

    private static FilingCase.Opinion toOpinion(OpinionType o) {
        return new FilingCase.Opinion(o.getAuthority(), o.getOpinion(), o.isSealed(), o.getDate());
    }

    private static FilingCase.Material toMaterial(MaterialType m) {
        return new FilingCase.Material(m.getCode(), m.getName(), m.getSm3(), m.getContent(), m.getRef());
    }

    static ReceiptType toReceipt(Receipt r) {
        ReceiptType t = new ReceiptType();
        t.setSBLSH(r.sblsh());
        t.setCaseId(r.caseId());
        t.setReceivedAt(r.receivedAt());
        t.setState(r.state());
        t.setMissingMaterials(toMissingMaterials(r.missingMaterials()));
        return t;
    }

    static CaseViewType toCaseView(CaseView v) {
        CaseViewType t = new CaseViewType();
        t.setSBLSH(v.sblsh());
        t.setCaseId(v.caseId());
        t.setYWLX(v.caseType());
        t.setState(v.state());
        t.setReceivedAt(v.receivedAt());
        t.setMissingMaterials(toMissingMaterials(v.missingMaterials()));
        if (v.history() != null) {
            HistoryType history = new HistoryType();
            v.history().stream().map(SoapMapping::toEvent).forEach(history.getEvent()::add);
            t.setHistory(history);
        }
        return t;
    }

    private static EventType toEvent(CaseView.Event e) {
        EventType t = new EventType();
        t.setSeq(e.seq());
        t.setType(e.type());
        t.setFromState(e.fromState());
        t.setToState(e.toState());
        t.setActor(e.actor());
        t.setReason(e.reason());
        t.setAt(e.at());
        return t;
    }

    private static MissingMaterialListType toMissingMaterials(List<Receipt.MissingMaterial> missing) {
        if (missing == null) {
            return null;
        }
        MissingMaterialListType list = new MissingMaterialListType();
        for (Receipt.MissingMaterial m : missing) {
            MissingMaterialType t = new MissingMaterialType();
            t.setCode(m.code());
            t.setName(m.name());
            list.getMissingMaterial().add(t);
        }
        return list;
    }

    static ValidationFaultType toValidationFault(List<Violation> violations) {
        ViolationListType list = new ViolationListType();
        for (Violation v : violations) {
            ViolationType t = new ViolationType();
            t.setField(v.field());
            t.setRule(v.rule());
            t.setMessageZh(v.messageZh());
            t.setMessageEn(v.messageEn());
            list.getViolation().add(t);
        }
        ValidationFaultType fault = new ValidationFaultType();
        fault.setViolations(list);
        return fault;
    }

    static ConflictFaultType toConflictFault(CaseConflictException e) {
        ConflictFaultType fault = new ConflictFaultType();
        fault.setSBLSH(e.sblsh());
        fault.setMessageZh(e.messageZh());
        fault.setMessageEn(e.messageEn());
        return fault;
    }

    static NotFoundFaultType toNotFoundFault(String sblsh) {
        NotFoundFaultType fault = new NotFoundFaultType();
        fault.setSBLSH(sblsh);
        fault.setMessageZh("申办流水号 " + sblsh + " 对应的办件不存在");
        fault.setMessageEn("no case with SBLSH " + sblsh + " is known");
        return fault;
    }

    private static <S, T> T map(S source, Function<S, T> mapper) {
        return source == null ? null : mapper.apply(source);
    }

    /** A list wrapper to a list: absent wrapper gives null, an empty wrapper an empty list. */
    private static <W, S, T> List<T> list(W wrapper, Function<W, List<S>> items, Function<S, T> mapper) {
        return wrapper == null ? null : items.apply(wrapper).stream().map(mapper).toList();
    }
}
