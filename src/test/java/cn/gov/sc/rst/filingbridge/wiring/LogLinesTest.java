package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
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
    private Lines log;

    /**
     * Writes events through the encoder that logback-spring.xml configures (its conversion rules and its LINE pattern),
     * one event at a time, with the MDC as slf4j holds it at the call.
     */
    private final class Lines {
        private final LoggerContext context;
        private final PatternLayoutEncoder encoder;
        private final Logger logger;

        Lines(LoggerContext context, PatternLayoutEncoder encoder) {
            this.context = context;
            this.encoder = encoder;
            this.logger = context.getLogger("test");
        }

        void info(String message, Object... args) {
            write(Level.INFO, message, null, args);
        }

        void error(String message, Throwable failure) {
            write(Level.ERROR, message, failure);
        }

        private void write(Level level, String message, Throwable failure, Object... args) {
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, failure, args);
            java.util.Map<String, String> mdc = MDC.getCopyOfContextMap();
            event.setMDCPropertyMap(mdc == null ? java.util.Map.of() : mdc);
            written.writeBytes(encoder.encode(event));
        }
    }

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
        log = new Lines(context, encoder);
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
