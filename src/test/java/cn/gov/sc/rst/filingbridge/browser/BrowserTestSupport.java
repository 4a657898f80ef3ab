package cn.gov.sc.rst.filingbridge.browser;

import cn.gov.sc.rst.filingbridge.intake.WindowTestSupport;
import cn.gov.sc.rst.filingbridge.simulator.SkillsSimulator;
import cn.gov.sc.rst.filingbridge.testsupport.CaseRow;
import cn.gov.sc.rst.filingbridge.testsupport.DataDirs;
import cn.gov.sc.rst.filingbridge.testsupport.Peers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway for browser tests (one context for all of them): its own data directory, the skills-system simulator as
 * the peer with a compressed retry schedule, and operators for the province ({@code ops-test}, 510000), 成都
 * ({@code chengdu-ops}, 510100) and 绵阳 ({@code mianyang-ops}, 510700), all with {@link #PASSWORD} except ops-test.
 */
public abstract class BrowserTestSupport extends WindowTestSupport {

    public static final String CHENGDU = "chengdu-ops";
    public static final String MIANYANG = "mianyang-ops";
    public static final String PASSWORD = "city-ops-password";
    private static final String HASH = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);

    static final SkillsSimulator SIMULATOR = Peers.skills();
    static final Path OWN_DATA_DIR = DataDirs.fresh("bridge-browser-it-");

    @DynamicPropertySource
    static void browserGateway(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", OWN_DATA_DIR::toString);
        registry.add("bridge.skills.base-url", SIMULATOR::baseUrl);
        Peers.compressedRetries(registry);
        registry.add("bridge.operators." + CHENGDU + ".password-hash", () -> HASH);
        registry.add("bridge.operators." + CHENGDU + ".area", () -> "510100");
        registry.add("bridge.operators." + MIANYANG + ".password-hash", () -> HASH);
        registry.add("bridge.operators." + MIANYANG + ".area", () -> "510700");
    }

    @AfterAll
    static void simulatorBackToNormal() throws IOException {
        SIMULATOR.mode(SkillsSimulator.Mode.OK);
    }

    /** The browser of the test class: its {@code @RegisterExtension static final BrowserSupport}. */
    protected abstract WebDriver driver();

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected WebDriverWait waitUpTo(Duration timeout) {
        return new WebDriverWait(driver(), timeout);
    }

    /** Logs in through the console's login form and lands on the cases page. */
    protected void login(String user, String password) {
        WebDriver d = driver();
        d.get(url("/console/login"));
        d.findElement(By.name("username")).sendKeys(user);
        d.findElement(By.name("password")).sendKeys(password);
        d.findElement(By.id("login")).click();
        waitUpTo(Duration.ofSeconds(10)).until(x -> x.getCurrentUrl().contains("/console/cases"));
    }

    /** A case stored directly, as intake and mapping would have left it, handled by the authority of {@code area}. */
    protected String insertCase(String sblsh, String applicant, String creditCode, String authorityArea,
                                String authorityName, String state, String payload) {
        return CaseRow.of(UUID.randomUUID().toString(), sblsh).caseType("设立备案").state(state)
                .applicant(applicant, creditCode).areaCode(authorityArea.substring(0, 4) + "04")
                .receivedAt(OffsetDateTime.now(clock)).payload(payload)
                .authority("510000".equals(authorityArea) ? "PROVINCE" : "PREFECTURE", authorityArea, authorityName,
                        "测试")
                .insert(jdbc);
    }
}
