package cn.gov.sc.rst.filingbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
                .and().doNotHaveSimpleName("CxfConfig")
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

    /** SQL that writes a table of the case kernel: case, history, outbox. */
    static final Pattern CASE_TABLE_WRITE = Pattern.compile(
            "(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+(filing_case|case_event|outbox)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * Writes {@code filing_case}, {@code case_event} or {@code outbox}. ArchUnit sees calls, not strings, so this reads
     * the class file's constant pool: every string literal and text block is one of its UTF-8 entries.
     */
    static final ArchCondition<JavaClass> WRITE_CASE_TABLES = new ArchCondition<>("write filing_case, case_event or outbox") {
        @Override
        public void check(JavaClass javaClass, ConditionEvents events) {
            // a satisfied event says "this class writes"; noClasses() turns it into the violation
            boolean writes = false;
            for (String constant : utf8Constants(javaClass)) {
                Matcher m = CASE_TABLE_WRITE.matcher(constant);
                if (m.find()) {
                    writes = true;
                    events.add(SimpleConditionEvent.satisfied(javaClass, javaClass.getName() + " holds the SQL \""
                            + m.group().replaceAll("\\s+", " ") + "\""));
                }
            }
            if (!writes) {
                events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " writes no case table"));
            }
        }
    };

    static ArchRule onlyTheCaseKernelWritesItsTables() {
        return noClasses().that().resideOutsideOfPackage("..cases..")
                .should(WRITE_CASE_TABLES)
                .because("package cases alone owns a case, its history and its outbox (issue 12)");
    }

    @Test
    void onlyTheCaseKernelWritesTheCaseHistoryAndOutboxTables() {
        onlyTheCaseKernelWritesItsTables().check(MAIN);
    }

    @Test
    void theTableRuleNamesAClassOutsideTheKernelThatWritesACaseTableAndLetsAReaderBe() throws ClassNotFoundException {
        JavaClasses writer = new ClassFileImporter().importClasses(
                Class.forName("cn.gov.sc.rst.filingbridge.architecture.violating.WritesTheCaseTable"));
        JavaClasses reader = new ClassFileImporter().importClasses(
                Class.forName("cn.gov.sc.rst.filingbridge.architecture.violating.ReadsTheCaseTable"));

        assertThatThrownBy(() -> onlyTheCaseKernelWritesItsTables().check(writer))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WritesTheCaseTable holds the SQL \"update filing_case\"");
        onlyTheCaseKernelWritesItsTables().check(reader);
    }

    @Test
    void noRouteWritesTheCaseTables() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = CASE_TABLE_WRITE.matcher(Files.readString(route, StandardCharsets.UTF_8));
                while (m.find()) {
                    found.add(route.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(found).as("SQL in routes that writes a case table").isEmpty();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("cn.gov.sc.rst.filingbridge.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** The UTF-8 entries of the class file's constant pool (JVMS 4.4), in modified UTF-8 as DataInput reads them. */
    static List<String> utf8Constants(JavaClass javaClass) {
        String resource = javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + javaClass.getName());
            }
            DataInputStream data = new DataInputStream(new ByteArrayInputStream(in.readAllBytes()));
            data.skipBytes(8); // magic, minor, major
            int count = data.readUnsignedShort();
            List<String> out = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(data.readUTF());
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++;
                    }
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + resource);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
