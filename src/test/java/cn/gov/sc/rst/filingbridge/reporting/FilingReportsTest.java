package cn.gov.sc.rst.filingbridge.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingEventCode;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.OccupationType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report of a filing event carries every field of the contract, from the case's 备案表, with its Chinese intact. */
class FilingReportsTest {

    private final ReportXml xml = new ReportXml();

    @Test
    void aFiledReportCarriesEveryFieldOfTheCase() {
        FilingReportType report = ReportFixtures.filedReport();

        assertThat(report.getReportId()).isEqualTo(ReportFixtures.REPORT_ID);
        assertThat(report.getReportVersion()).isEqualTo(1);
        assertThat(report.getReportedAt()).isEqualTo(ReportFixtures.REPORTED_AT);
        assertThat(report.getEvent()).isEqualTo(FilingEventCode.FILED);
        assertThat(report.getEventDate()).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(report.getFilingNumber()).isEqualTo("Y000051001064");
        assertThat(report.getInstitution().getName()).isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
        assertThat(report.getInstitution().getUnitName()).isEqualTo("成都市示范职业技术学校");
        assertThat(report.getInstitution().getCreditCode()).isEqualTo("12510000450716123C");
        assertThat(report.getInstitution().getAddress()).isEqualTo("成都市锦江区示范路1号实训楼");
        assertThat(report.getInstitution().getResponsiblePerson()).isEqualTo("张明");
        List<OccupationType> occupations = report.getInstitution().getOccupations().getOccupation();
        assertThat(occupations).extracting(OccupationType::getCode).containsExactly("4-04-05-01", "6-18-01-01");
        assertThat(occupations).extracting(OccupationType::getName).containsExactly("计算机程序设计员", "车工");
        assertThat(occupations.get(0).getLevels().getLevel()).containsExactly(5, 4, 3);
        assertThat(occupations.get(1).getLevels().getLevel()).containsExactly(5, 4, 3, 2);
        assertThat(report.getFilingAuthority().getName()).isEqualTo("成都市人力资源和社会保障局");
        assertThat(report.getFilingAuthority().getAreaCode()).isEqualTo("510100");
    }

    @Test
    void theBytesAreUtf8XmlWithTheChineseAsWrittenAndReadBackUnchanged() throws Exception {
        byte[] bytes = xml.report(ReportFixtures.filedReport());
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"");
        assertThat(text).contains("<name>成都市示范职业技术学校职业技能考核鉴定所</name>")
                .contains("<responsiblePerson>张明</responsiblePerson>")
                .contains("<name>成都市人力资源和社会保障局</name>")
                .doesNotContain("&#");
        assertThat(text).as("no indentation: the bytes are one line").doesNotContain("\n");
        assertThat(bytes).as("Chinese as UTF-8 bytes, not escaped")
                .containsSequence("计算机程序设计员".getBytes(StandardCharsets.UTF_8));

        FilingReportType back = xml.report(bytes);
        assertThat(back).usingRecursiveComparison().isEqualTo(ReportFixtures.filedReport());
        assertThat(xml.report(back)).as("serialising the same report again gives the same bytes").isEqualTo(bytes);
    }

    @Test
    void eachKindOfEventIsItsContractCode() throws Exception {
        for (FilingEvent.Kind kind : FilingEvent.Kind.values()) {
            FilingEvent event = new FilingEvent("case-1", kind, "S000051000002", LocalDate.parse("2026-12-01"));
            FilingReportType report = FilingReports.build(event,
                    Institution.of(ReportFixtures.validCase()).orElseThrow(), ReportFixtures.CHENGDU,
                    ReportFixtures.REPORT_ID, 3, ReportFixtures.REPORTED_AT);

            assertThat(xml.report(xml.report(report)).getEvent().value()).isEqualTo(kind.name());
        }
    }

    @Test
    void aCaseWithoutItsFilingFormHasNoInstitutionToReport() throws Exception {
        ObjectNode withoutForm = ReportFixtures.JSON.valueToTree(ReportFixtures.validCase());
        withoutForm.remove("BAB");
        FilingCase cancellation = ReportFixtures.JSON.treeToValue(withoutForm, FilingCase.class);

        assertThat(Institution.of(cancellation)).isEmpty();
    }

    @Test
    void theInstitutionOfAnEarlierReportIsTheSameInstitution() {
        Institution fromCase = Institution.of(ReportFixtures.validCase()).orElseThrow();

        assertThat(Institution.of(ReportFixtures.filedReport().getInstitution())).isEqualTo(fromCase);
    }

    @Test
    void aReportThatBreaksTheContractIsNeverSerialised() {
        FilingReportType report = ReportFixtures.filedReport();
        report.getInstitution().setCreditCode("not a credit code");

        assertThatThrownBy(() -> xml.report(report))
                .isInstanceOf(ReportContractException.class)
                .hasMessageContaining("FilingReport breaks contracts/ministry-filing-report-v1.xsd")
                .hasMessageContaining("not a credit code");
    }

    @Test
    void aFilingNumberOutsideThePatternIsRefusedWhenTheEventIsMade() {
        assertThatThrownBy(() -> new FilingEvent("c", FilingEvent.Kind.FILED, "X123", LocalDate.parse("2026-11-27")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X123");
    }
}
