package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSchemaTest {

    private static final String GET_CASE = """
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                              xmlns:w="http://rst.sc.gov.cn/filing/window/v1">
              <soapenv:Body><w:GetCase>%s</w:GetCase></soapenv:Body>
            </soapenv:Envelope>""";

    private final WindowSchema schema = new WindowSchema();

    private static String validCase() {
        return SoapFixtures.text(SoapFixtures.VALID_NEW_FILING);
    }

    private List<Violation> validate(String envelope) {
        return schema.validate(SoapFixtures.payload(envelope));
    }

    @Test
    void theValidFixtureConforms() {
        assertThat(validate(validCase())).isEmpty();
    }

    @Test
    void everyErrorIsReportedAtOnceWithTheFieldPathOfTheRestContract() {
        String xml = validCase()
                .replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>新办</w:YWLX>")
                .replace("<w:SQRZJHM>12510000450716123C</w:SQRZJHM>", "<w:SQRZJHM>12510000450716123C-TOO-LONG</w:SQRZJHM>")
                .replace("<w:SBSJ>2026-11-20T09:30:00+08:00</w:SBSJ>", "<w:SBSJ>2026-11-20T09:30:00</w:SBSJ>")
                .replace("<w:level>2</w:level>", "<w:level>two</w:level>")
                .replace("<w:quantity>12</w:quantity>", "<w:quantity>12.5</w:quantity>")
                .replace("<w:gender>女</w:gender>\n            <w:age>41</w:age>", "<w:gender>F</w:gender><w:age>41</w:age>")
                .replace("<w:age>51</w:age>", "<w:age>fifty-one</w:age>")
                .replace("<w:socialSecurityNumber>510106197506200022</w:socialSecurityNumber>",
                        "<w:socialSecurityNumber>5101061975062000221234</w:socialSecurityNumber>")
                .replace("<w:signedOn>2026-11-18</w:signedOn>\n          </w:standardOperation>",
                        "<w:signedOn>18/11/2026</w:signedOn></w:standardOperation>")
                .replace("<w:sealed>true</w:sealed>", "<w:sealed>yes</w:sealed>");

        assertThat(validate(xml))
                .extracting(Violation::field, Violation::rule, Violation::messageZh, Violation::messageEn)
                .containsExactly(
                        tuple("YWLX", "schema", "不符合接口契约：取值应为 设立备案、补正、变更、注销 之一",
                                "does not match the interface contract: value must be one of 设立备案、补正、变更、注销"),
                        tuple("SQRZJHM", "schema", "不符合接口契约：长度超过上限 18 个字符",
                                "does not match the interface contract: longer than 18 characters"),
                        tuple("SBSJ", "schema", "不符合接口契约：应为带时区的日期时间，如 2026-11-20T09:30:00+08:00",
                                "does not match the interface contract: must be a date-time with offset such as 2026-11-20T09:30:00+08:00"),
                        tuple("BAB.occupations[1].levels[3]", "schema", "不符合接口契约：应为整数",
                                "does not match the interface contract: must be an integer"),
                        tuple("BAB.sites.practical.equipment[0].quantity", "schema", "不符合接口契约：应为整数",
                                "does not match the interface contract: must be an integer"),
                        tuple("BAB.managementStaff[1].gender", "schema", "不符合接口契约：取值应为 男、女 之一",
                                "does not match the interface contract: value must be one of 男、女"),
                        tuple("BAB.assessors[1].age", "schema", "不符合接口契约：应为整数",
                                "does not match the interface contract: must be an integer"),
                        tuple("BAB.assessors[1].socialSecurityNumber", "schema", "不符合接口契约：长度超过上限 18 个字符",
                                "does not match the interface contract: longer than 18 characters"),
                        tuple("BAB.commitments.standardOperation.signedOn", "schema",
                                "不符合接口契约：应为日期，格式 YYYY-MM-DD，不带时区",
                                "does not match the interface contract: must be a date YYYY-MM-DD without time zone"),
                        tuple("BAB.opinions.legalPersonUnit.sealed", "schema", "不符合接口契约：应为 true 或 false",
                                "does not match the interface contract: must be true or false"));
    }

    @Test
    void messagesNeverEchoTheValueSent() {
        String xml = validCase()
                .replace("<w:socialSecurityNumber>510106197506200022</w:socialSecurityNumber>",
                        "<w:socialSecurityNumber>5101061975062000229999</w:socialSecurityNumber>")
                .replace("<w:LXRXM>王小红</w:LXRXM>", "<w:LXRXM>" + "王小红".repeat(20) + "</w:LXRXM>")
                .replace("<w:age>36</w:age>", "<w:age>三十六</w:age>");

        assertThat(validate(xml)).hasSize(3).allSatisfy(v -> {
            assertThat(v.messageZh()).doesNotContain("5101061975062000229999", "王小红", "三十六");
            assertThat(v.messageEn()).doesNotContain("5101061975062000229999", "王小红", "三十六");
        });
    }

    @Test
    void anElementTheContractDoesNotKnowIsReportedWhereItStands() {
        String xml = validCase()
                .replace("<w:legalRepresentative>", "<w:nickname>小李</w:nickname>\n          <w:legalRepresentative>")
                .replace("<w:title>档案管理制度</w:title>", "<w:title>档案管理制度</w:title><w:pages>3</w:pages>");

        assertThat(validate(xml)).extracting(Violation::field, Violation::messageEn).containsExactly(
                tuple("BAB.applicant.nickname", "does not match the interface contract: element is not defined by the"
                        + " contract at this position; expected one of legalRepresentative、licenceNumber、licenceIssuer、"
                        + "address、phone、unitCategory、declarationDate"),
                tuple("BAB.regulations[2].pages",
                        "does not match the interface contract: element is not defined by the contract at this position"));
    }

    @Test
    void businessFieldsAreOptionalInTheSchemaSoThatTheRuleSetReportsThemAll() {
        String xml = validCase()
                .replaceAll("<w:SBLSH>[^<]*</w:SBLSH>", "")
                .replaceAll("<w:SQRMC>[^<]*</w:SQRMC>", "")
                .replaceAll("(?s)<w:applicant>.*?</w:applicant>", "<w:applicant/>")
                .replaceAll("(?s)<w:CLQD>.*</w:CLQD>", "<w:CLQD/>");

        assertThat(validate(xml)).isEmpty();
    }

    @Test
    void textInsideAStructureAndAttributesAreRefused() {
        String xml = validCase()
                .replace("<w:institution>", "<w:institution lang=\"zh\">")
                .replace("<w:sites>", "<w:sites>stray text");

        assertThat(validate(xml)).extracting(Violation::field, Violation::messageEn).containsExactly(
                tuple("BAB.institution", "does not match the interface contract: attribute lang is not allowed"),
                tuple("BAB.sites",
                        "does not match the interface contract: element may contain child elements only, no text"));
    }

    @Test
    void aMalformedSblshOrGlsblshIsRuleSblshFormatAndItsValueIsNotEchoed() {
        String xml = validCase()
                .replace("<w:SBLSH>SC20261127000001</w:SBLSH>", "<w:SBLSH>x' OR '1'='1</w:SBLSH>")
                .replace("<w:YWLX>设立备案</w:YWLX>", "<w:YWLX>补正</w:YWLX><w:GLSBLSH>SC/2026/1</w:GLSBLSH>");

        assertThat(validate(xml)).extracting(Violation::field, Violation::rule, Violation::messageEn).containsExactly(
                tuple("SBLSH", "sblsh-format", Rule.SBLSH_FORMAT.en()),
                tuple("GLSBLSH", "sblsh-format", Rule.SBLSH_FORMAT.en()));
        assertThat(validate(GET_CASE.formatted("<w:SBLSH>SC 1</w:SBLSH>"))).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("SBLSH", "sblsh-format"));
        assertThat(validate(GET_CASE.formatted("<w:SBLSH>SC-2026_11-27</w:SBLSH>"))).isEmpty();
    }

    @Test
    void getCaseRequiresItsSblshAndBoundsItsLength() {
        assertThat(validate(GET_CASE.formatted(""))).extracting(Violation::field, Violation::messageEn)
                .containsExactly(tuple("", "does not match the interface contract: missing required child element SBLSH"));
        assertThat(validate(GET_CASE.formatted("<w:SBLSH>" + "9".repeat(65) + "</w:SBLSH>")))
                .extracting(Violation::field, Violation::rule)
                .as("the length is part of the SBLSH's format").containsExactly(tuple("SBLSH", "sblsh-format"));
        assertThat(validate(GET_CASE.formatted("<w:SBLSH>SC20261127000001</w:SBLSH>"))).isEmpty();
    }
}
