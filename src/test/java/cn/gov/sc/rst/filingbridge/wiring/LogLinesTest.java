package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The log line as logback-spring.xml writes it: values from input (message arguments, the MDC, exception messages)
 * can neither forge a line of their own nor show personal data.
 */
class LogLinesTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Logger log;

    @BeforeEach
    void configureAsTheApplicationDoes() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(linePattern());
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(written);
        appender.start();
        log = context.getLogger("test");
        log.detachAndStopAllAppenders();
        log.setAdditive(false);
        log.addAppender(appender);
    }

    /** The LINE property of logback-spring.xml (a local property, so not kept in the context). */
    private static String linePattern() throws Exception {
        String xml = new String(LogLinesTest.class.getResourceAsStream("/logback-spring.xml").readAllBytes(),
                StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"LINE\" value=\"([^\"]+)\"").matcher(xml);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String out() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValueWithALineBreakStaysOnItsLine() {
        log.info("decision for {}", "S1\n2026-12-06T10:00:00.000+08:00 ERROR [main] x.Fake [SBLSH=-] fake\r\u001b[2J");
        assertThat(out().lines()).hasSize(1);
        assertThat(out()).contains("decision for S1\\n2026-12-06").contains("fake\\r\\u001b[2J");
    }

    @Test
    void theMdcIsEscapedAndMasked() {
        MDC.put("sblsh", "S2\nERROR fake 13812345678");
        try {
            log.info("received");
        } finally {
            MDC.remove("sblsh");
        }
        assertThat(out().lines()).hasSize(1);
        assertThat(out()).contains("[SBLSH=S2\\nERROR fake 138****5678] received").doesNotContain("13812345678");
    }

    @Test
    void stackTracesAreMaskedAndTheirMessagesEscaped() {
        Exception cause = new IllegalArgumentException("contact +86 138-1234-5678");
        Exception failure = new IllegalStateException("bad id 510104198001011236\nERROR fake line", cause);
        failure.addSuppressed(new RuntimeException("old id 510104800101123"));
        log.error("case failed", failure);
        String out = out();
        assertThat(out).contains("bad id 510104**********36\\nERROR fake line")
                .contains("+86 138****5678").contains("510104*******23")
                .doesNotContain("198001011236").doesNotContain("1234-5678").doesNotContain("800101123");
        assertThat(out.lines()).noneMatch(line -> line.startsWith("ERROR fake"));
        assertThat(out.lines()).anyMatch(line -> line.startsWith("\tat " + LogLinesTest.class.getName()));
    }

    @Test
    void fullWidthDigitsAreMasked() {
        log.info("联系电话 {}", "１３８１２３４５６７８");
        assertThat(out()).contains("联系电话 138****5678");
    }

    @Test
    void anOrdinaryLineIsWrittenAsItIs() {
        String line = "intake accepted case S3 in 12 ms";
        assertThat(MaskingConverter.forLog(line)).isSameAs(line);
        log.info(line);
        assertThat(out()).endsWith("[SBLSH=-] " + line + System.lineSeparator());
    }
}
