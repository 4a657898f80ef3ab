package cn.gov.sc.rst.filingbridge.wiring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Sichuan time is set once, on the business clock, and nowhere else in the main code. */
class ClockConfigTest {

    @Test
    void theBusinessClockKeepsSichuanTime() {
        assertThat(new ClockConfig().clock().getZone()).isEqualTo(ZoneId.of("Asia/Shanghai"))
                .isEqualTo(ClockConfig.BUSINESS_ZONE);
    }

    @Test
    void noOtherMainClassNamesATimeZone() {
        noClasses().that().doNotHaveFullyQualifiedName(ClockConfig.class.getName())
                .should().callMethod(ZoneId.class, "of", String.class)
                .because("the zone comes from the injected Clock (clock.getZone()) or ClockConfig.BUSINESS_ZONE")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("cn.gov.sc.rst.filingbridge"));
    }
}
