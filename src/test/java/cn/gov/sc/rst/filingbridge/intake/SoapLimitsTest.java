package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SoapLimitsTest {

    private static SoapLimits bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("bridge.intake.soap", SoapLimits.class);
    }

    @Test
    void defaultsBecomeTheCxfStaxProperties() {
        assertThat(bind(Map.of()).asCxfProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "org.apache.cxf.stax.maxElementCount", 100_000L,
                "org.apache.cxf.stax.maxXMLCharacters", 16_777_216L,
                "org.apache.cxf.stax.maxChildElements", 2500,
                "org.apache.cxf.stax.maxElementDepth", 32,
                "org.apache.cxf.stax.maxAttributeCount", 32,
                "org.apache.cxf.stax.maxAttributeSize", 4096,
                "org.apache.cxf.stax.maxTextLength", 4_194_304));
    }

    @Test
    void eachLimitIsConfigurable() {
        SoapLimits limits = bind(Map.of(
                "bridge.intake.soap.max-element-depth", "12",
                "bridge.intake.soap.max-text-length", "1048576",
                "bridge.intake.soap.max-xml-characters", "2097152"));

        assertThat(limits.asCxfProperties())
                .containsEntry("org.apache.cxf.stax.maxElementDepth", 12)
                .containsEntry("org.apache.cxf.stax.maxTextLength", 1_048_576)
                .containsEntry("org.apache.cxf.stax.maxXMLCharacters", 2_097_152L)
                .containsEntry("org.apache.cxf.stax.maxChildElements", 2500);
    }
}
