package cn.gov.sc.rst.filingbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** House rules as code: plain Java where the rules live, injected time, constructor injection. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.gov.sc.rst.filingbridge");

    @Test
    void signingKnowsNothingOfCamel() {
        noClasses().that().resideInAPackage("..signing..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(MAIN);
    }

    @Test
    void reportingKnowsNothingOfCamelNorSpring() {
        noClasses().that().resideInAPackage("..reporting..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.springframework..")
                .check(MAIN);
    }

    @Test
    void intakeRulesKnowNothingOfCamelOnlyTheRawBodyAdapterDoes() {
        noClasses().that().resideInAPackage("..intake..")
                .and().doNotHaveSimpleName("WindowRawBody")
                .and().resideOutsideOfPackage("..intake.soap..")
                .and().doNotHaveSimpleName("SoapWindow")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(MAIN);
    }

    @Test
    void workflowKnowsNothingOfCamel() {
        noClasses().that().resideInAPackage("..workflow..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("the case workflow is plain Java beans that routes and listeners call")
                .check(MAIN);
    }

    @Test
    void mainCodeNeverReadsTheWallClockDirectly() {
        noClasses().should().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("time is injected as a java.time.Clock so that deadlines and checks can be tested")
                .check(MAIN);
    }

    @Test
    void noFieldInjection() {
        noFields().should().beAnnotatedWith(Autowired.class).check(MAIN);
    }

    @Test
    void noBareRuntimeExceptions() {
        noClasses().that().areNotAssignableTo(RuntimeException.class)
                .should().callConstructor(RuntimeException.class)
                .orShould().callConstructor(RuntimeException.class, String.class)
                .orShould().callConstructor(RuntimeException.class, String.class, Throwable.class)
                .because("failures are specific exception types with context; their own super(...) calls are fine")
                .check(MAIN);
    }
}
