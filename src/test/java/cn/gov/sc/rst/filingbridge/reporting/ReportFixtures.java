package cn.gov.sc.rst.filingbridge.reporting;

import cn.gov.sc.rst.filingbridge.intake.FilingCase;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The window fixture as a stored case, and the report of its filing. */
final class ReportFixtures {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();
    static final String REPORT_ID = "0b6f3c1e-8a52-4d7e-9f1a-3c2b5d6e7f80";
    static final OffsetDateTime REPORTED_AT = OffsetDateTime.parse("2026-11-27T10:00:00+08:00");
    static final FilingAuthority CHENGDU = new FilingAuthority("成都市人力资源和社会保障局", "510100");

    private ReportFixtures() {
    }

    static FilingCase validCase() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/fixtures/intake/valid-new-filing.json")) {
            return JSON.readValue(in, FilingCase.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FilingEvent filed() {
        return new FilingEvent("case-1", FilingEvent.Kind.FILED, "Y000051001064", LocalDate.parse("2026-11-27"));
    }

    static FilingReportType filedReport() {
        return FilingReports.build(filed(), Institution.of(validCase()).orElseThrow(), CHENGDU, REPORT_ID, 1,
                REPORTED_AT);
    }
}
