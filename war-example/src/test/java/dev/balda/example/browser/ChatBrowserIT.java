package dev.balda.example.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two headless Chromium browsers open war-example's page (the packaged WAR on embedded Tomcat, at
 * {@code http://127.0.0.1:<free port>/}, with no origin configured), join the same chat room, and
 * one's message shows up on the other's page: the page, the WebSocket upgrade with a real
 * browser's Origin, the topic broadcast and the rendering together.
 *
 * <p>It needs Debian's {@code chromium} and {@code chromium-driver}. Where they are missing the test
 * is skipped with a message saying so, except under CI ({@code CI=true}), where a missing browser
 * fails it: CI installs them, so the test can never silently drop out of CI.
 */
class ChatBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path BROWSER = Path.of(System.getProperty("browser.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("browser.driver", "/usr/bin/chromedriver"));

    @BeforeEach
    void needsChromium() {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String why = "The browser test needs Chromium at " + BROWSER + " and its driver at " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver); .ci/run installs them";
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(why + ", yet under CI they are missing");
        }
        assumeTrue(present, why + "; skipped here");
    }

    private final List<WebDriver> browsers = new ArrayList<>();
    private EmbeddedServer server;

    @AfterEach
    void shutDown() {
        for (WebDriver browser : browsers) {
            try {
                browser.quit();
            } catch (RuntimeException e) {
                // a browser that already died must not hide the test's own failure
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aMessageTypedInOnePageAppearsInTheOther() throws Exception {
        // No origin configured: the chat accepts its own page, wherever it was opened.
        server = EmbeddedServer.builder(ContainerType.TOMCAT).host("127.0.0.1")
                .war(Path.of(System.getProperty("example.war"))).start();
        String page = "http://127.0.0.1:" + server.port() + "/";

        WebDriver ann = browser("ann");
        WebDriver bob = browser("bob");
        join(ann, page, "Ann");
        join(bob, page, "Bob");
        try {
            ann.findElement(By.id("message")).sendKeys("hello from a real browser");
            ann.findElement(By.id("send")).click();

            new WebDriverWait(bob, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("messages"), "hello from a real browser"));
            String shown = bob.findElement(By.cssSelector("#messages li.message:last-child")).getText();
            assertThat(shown).isEqualTo("Ann:hello from a real browser");
            new WebDriverWait(ann, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("messages"), "hello from a real browser"));
        } catch (RuntimeException | AssertionError e) {
            screenshot(ann, "ann");
            screenshot(bob, "bob");
            throw e;
        }
    }

    private void join(WebDriver browser, String page, String name) {
        browser.get(page);
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("room")).clear();
        browser.findElement(By.id("room")).sendKeys("browser-room");
        browser.findElement(By.id("join")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("status"), "in room browser-room"));
        // The page shows its own join event once the server has subscribed the socket to the room.
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("messages"), name + " joined"));
    }

    private WebDriver browser(String name) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // Flags for a root user in a container without a GPU and without a network beyond loopback.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(
                        Files.createDirectories(Path.of("target", "browser")), "chromium-" + name));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private static void screenshot(WebDriver browser, String name) {
        try {
            Path dir = Path.of(System.getProperty("browser.screenshots", "target/browser"));
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            // best effort: the assertion failure is what matters
        }
    }
}
