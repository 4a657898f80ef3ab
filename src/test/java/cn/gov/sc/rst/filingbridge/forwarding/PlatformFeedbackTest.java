package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.events.CaseCompleted;
import cn.gov.sc.rst.filingbridge.events.CaseReceived;
import cn.gov.sc.rst.filingbridge.events.SupplementRequested;
import cn.gov.sc.rst.filingbridge.wiring.MaskingConverter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The platform's messages field by field, and each against contracts/platform-feedback-v1.schema.json. */
class PlatformFeedbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema CONTRACT = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("classpath:contracts/platform-feedback-v1.schema.json"),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build());
    private static final OffsetDateTime AT_UTC = OffsetDateTime.parse("2026-11-27T02:00:00.123Z");

    private final PlatformFeedback feedback = new PlatformFeedback(JSON);

    static SupplementRequested supplement(String unit) {
        return new SupplementRequested("case-1", "SC-1", "材料不齐全", List.of(
                new SupplementRequested.Material("GZZD", "规章制度（附件6）", "缺失"),
                new SupplementRequested.Material("AQXF-YJYA", "安全、消防应急预案", "未盖章")),
                5, unit, "13812345678", AT_UTC);
    }

    static CaseCompleted completed(String bjjgdm) {
        return new CaseCompleted("case-1", "SC-1", CaseType.NEW_FILING, bjjgdm, "成都市示范职业技术学校", "成都市人力资源和社会保障局",
                LocalDate.of(2026, 12, 10), OffsetDateTime.parse("2026-12-10T15:30:00+08:00"), "Y000051010001",
                LocalDate.of(2026, 12, 10), LocalDate.of(2031, 12, 9), "https://rst.sc.gov.cn/filings", null, null);
    }

    static CompletionNotices.Notice notice() {
        return new CompletionNotices.Notice("样式（一）", "你单位报来的……已备案。", "JVBERi0xLjQK",
                new CompletionNotices.NoticeSignature("SM2-with-SM3", "1a2b", "c2lnMQ=="),
                new CompletionNotices.NoticeSignature("SM2-with-SM3", "1a2b", "c2lnMg=="));
    }

    @Test
    void acceptanceIsSlztdm1WithTheAcceptanceTimeInSichuan() throws Exception {
        JsonNode m = feedback.acceptance(new CaseReceived("case-1", "SC-1", CaseType.SUPPLEMENT, "SC-0", AT_UTC));

        assertThat(JSON.writeValueAsString(m)).isEqualTo("{\"schema\":\"platform-feedback/v1\",\"SBLSH\":\"SC-1\","
                + "\"caseId\":\"case-1\",\"feedbackType\":\"SLZTDM\",\"SLZTDM\":\"1\",\"SLZTMC\":\"受理\","
                + "\"SLSJ\":\"2026-11-27T10:00:00+08:00\"}");
        assertThat(CONTRACT.validate(m)).isEmpty();
    }

    @Test
    void theOneTimeNoticeNamesEveryMaterialTheLimitAndTheNoticeTime() throws Exception {
        JsonNode m = feedback.supplementNotice(supplement("G"));

        assertThat(m.get("feedbackType").asText()).isEqualTo("SPBUZHENGGAOZHI");
        assertThat(JSON.writeValueAsString(m.get("SPBUZHENGGAOZHI"))).isEqualTo("{\"BZYY\":\"材料不齐全\","
                + "\"BZCLQD\":[{\"CLBM\":\"GZZD\",\"CLMC\":\"规章制度（附件6）\",\"BZYQ\":\"缺失\"},"
                + "{\"CLBM\":\"AQXF-YJYA\",\"CLMC\":\"安全、消防应急预案\",\"BZYQ\":\"未盖章\"}],"
                + "\"BZSX\":5,\"BZSXDW\":\"G\",\"GZSJ\":\"2026-11-27T10:00:00+08:00\"}");
        assertThat(CONTRACT.validate(m)).isEmpty();
    }

    @Test
    void theSmsRequestGoesToTheContactMobileWithEveryMaterialAndTheWorkingDayLimit() {
        JsonNode m = feedback.smsRequest(supplement("G"), "成都市人力资源和社会保障局");

        assertThat(m.get("schema").asText()).isEqualTo("platform-sms/v1");
        assertThat(m.get("SBLSH").asText()).isEqualTo("SC-1");
        assertThat(m.get("purpose").asText()).isEqualTo("SPBUZHENGGAOZHI");
        assertThat(m.get("LXRSJ").asText()).isEqualTo("13812345678");
        assertThat(m.get("text").asText())
                .contains("SC-1").contains("1. 规章制度（附件6）（缺失）").contains("2. 安全、消防应急预案（未盖章）")
                .contains("5 个工作日").contains("一次性补正").contains("终止本次办理")
                .doesNotContain("13812345678");
        assertThat(m.get("text").asText()).as("signed by the case's competent authority")
                .startsWith("【成都市人力资源和社会保障局】").doesNotContain("四川省人力资源和社会保障厅");
        assertThat(CONTRACT.validate(m)).isEmpty();
        assertThat(MaskingConverter.mask("SMS to " + m.get("LXRSJ").asText())).isEqualTo("SMS to 138****5678");
    }

    @Test
    void calendarDaysAreSaidAsSuch() {
        assertThat(feedback.smsRequest(supplement("Z"), "成都市人力资源和社会保障局").get("text").asText()).contains("5 个自然日");
    }

    @Test
    void anUnknownUnitOrNoMaterialOrNoMobileIsRefused() {
        assertThatThrownBy(() -> feedback.supplementNotice(supplement("D"))).isInstanceOf(PlatformFeedbackException.class)
                .hasMessageContaining("D");
        SupplementRequested none = new SupplementRequested("case-1", "SC-1", "r", List.of(), 5, "G", "13812345678", AT_UTC);
        assertThatThrownBy(() -> feedback.supplementNotice(none)).hasMessageContaining("no material");
        SupplementRequested noMobile = new SupplementRequested("case-1", "SC-1", "r", supplement("G").materials(), 5, "G",
                "0281234567", AT_UTC);
        assertThatThrownBy(() -> feedback.smsRequest(noMobile, "成都市人力资源和社会保障局")).hasMessageContaining("LXRSJ");
    }

    @Test
    void completionCarriesTheResultCodeTimeFilingNumberAndTheSignedNotice() throws Exception {
        JsonNode m = feedback.completion(completed(CaseCompleted.FILED), notice());

        assertThat(JSON.writeValueAsString(m)).isEqualTo("{\"schema\":\"platform-feedback/v1\",\"SBLSH\":\"SC-1\","
                + "\"caseId\":\"case-1\",\"feedbackType\":\"BJJGDM\",\"BJJGDM\":\"6\",\"BJJGMC\":\"准予\","
                + "\"BJSJ\":\"2026-12-10T15:30:00+08:00\",\"BAH\":\"Y000051010001\","
                + "\"notice\":{\"style\":\"样式（一）\",\"text\":\"你单位报来的……已备案。\",\"pdfBase64\":\"JVBERi0xLjQK\","
                + "\"textSignature\":{\"alg\":\"SM2-with-SM3\",\"cert\":\"1a2b\",\"value\":\"c2lnMQ==\"},"
                + "\"pdfSignature\":{\"alg\":\"SM2-with-SM3\",\"cert\":\"1a2b\",\"value\":\"c2lnMg==\"}}}");
        assertThat(CONTRACT.validate(m)).isEmpty();
    }

    @Test
    void refusalAndTerminationCarryTheirCodeAndReason() {
        CaseCompleted refused = new CaseCompleted("case-1", "SC-1", CaseType.NEW_FILING, CaseCompleted.REFUSED, "单位", "机关",
                LocalDate.of(2026, 12, 10), OffsetDateTime.parse("2026-12-10T15:30:00+08:00"), null, null, null, null,
                "场地不符合要求", "第三条");
        JsonNode m = feedback.completion(refused, notice());
        assertThat(m.get("BJJGDM").asText()).isEqualTo("7");
        assertThat(m.get("BJJGMC").asText()).isEqualTo("不予");
        assertThat(m.get("BJYY").asText()).isEqualTo("场地不符合要求");
        assertThat(m.has("BAH")).isFalse();
        assertThat(CONTRACT.validate(m)).isEmpty();
        assertThat(feedback.completion(completed(CaseCompleted.TERMINATED), notice()).get("BJJGMC").asText())
                .isEqualTo("补正不来办结");
    }

    @Test
    void anUnknownResultCodeIsRefused() {
        assertThatThrownBy(() -> feedback.completion(completed("9"), notice()))
                .isInstanceOf(PlatformFeedbackException.class).hasMessageContaining("BJJGDM 9");
    }

    @Test
    void theContractReadsTheSmsAnswerAndRejectsAMessageWithoutItsFields() throws Exception {
        assertThat(CONTRACT.validate(JSON.readTree("{\"sentAt\":\"2026-11-27T10:02:00+08:00\"}"))).isEmpty();
        assertThat(CONTRACT.validate(JSON.readTree("{\"sent\":\"yes\"}"))).isNotEmpty();
        JsonNode withoutLimit = feedback.supplementNotice(supplement("G"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutLimit.get("SPBUZHENGGAOZHI")).remove("BZSX");
        assertThat(CONTRACT.validate(withoutLimit)).isNotEmpty();
    }
}
