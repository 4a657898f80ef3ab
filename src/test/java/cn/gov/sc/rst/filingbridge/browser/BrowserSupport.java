package cn.gov.sc.rst.filingbridge.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * JUnit extension for browser tests: headless Chromium driven by Selenium through Debian's {@code chromium} and
 * {@code chromium-driver} ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; override with the system properties
 * or environment variables {@code CHROME_BIN} / {@code CHROMEDRIVER}). The tests are skipped, saying what to install,
 * when either is missing. One browser per test class, cookies cleared before each test, and a screenshot of every
 * test's last page in {@code target/screenshots/<Class>.<test>.png}.
 *
 * <pre>{@code @RegisterExtension static final BrowserSupport browser = new BrowserSupport();}</pre>
 */
public final class BrowserSupport implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterTestExecutionCallback {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private WebDriver driver;
    private String missing;

    public WebDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser is started before all tests of the class");
        }
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path chromium = Path.of(setting("CHROME_BIN", "/usr/bin/chromium"));
        Path chromedriver = Path.of(setting("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            // each test is then reported as skipped with this message (an assumption in beforeEach)
            missing = "浏览器测试已跳过：请安装 chromium 与 chromium-driver（apt-get install chromium chromium-driver，"
                    + ".ci/run 会自动安装） / browser test skipped: install chromium and chromium-driver (" + chromium
                    + " or " + chromedriver + " not found)";
            System.err.println("WARNING: " + missing);
            return;
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(missing == null, missing);
        if (driver != null) {
            driver.manage().deleteAllCookies();
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("screenshot of " + name + " not saved", e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
