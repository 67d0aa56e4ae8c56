package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The operator console in a real headless Chromium, against the whole embedded platform: an operator signs
 * in through the page, replays the audit trail with its button and watches it until it is swapped in, retries
 * a dead letter, follows a task creation by its correlation id, and pauses and resumes a processor; someone who
 * is no operator is turned away.
 * Runs where {@code /usr/bin/chromedriver} exists (the {@code console-browser-test} profile of this module
 * sets the properties below); screenshots go to {@code target/console-screenshots/}.
 */
@EnabledIfSystemProperty(named = PlatformConsoleIT.CHROMEDRIVER, matches = ".+",
        disabledReason = "no /usr/bin/chromedriver, so the console-browser-test profile is off "
                + "(apt-get install chromium chromium-driver)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformConsoleIT {

    static final String CHROMEDRIVER = "taskflow.console-test.chromedriver";
    private static final String CHROMIUM = "taskflow.console-test.chromium";
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final String PASSWORD = "correct-horse-1";
    private static final String OPERATOR = "console-ops-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path data;
    @TempDir
    static Path browserProfile;
    static Platform platform;
    static GatewayClient gateway;
    static String operatorToken;
    static ChromeDriverService driverService;
    static WebDriver browser;

    @BeforeAll
    static void startPlatformAndBrowser() throws IOException {
        // identity-service reads its operators from IDENTITY_OPERATORS when it starts
        System.setProperty("IDENTITY_OPERATORS", OPERATOR);
        try {
            platform = Platform.start(PlatformSettings.anyPorts(data));
        } finally {
            System.clearProperty("IDENTITY_OPERATORS");
        }
        gateway = new GatewayClient(platform.gatewayUrl());
        operatorToken = gateway.signUpAndLogIn(OPERATOR);
        Files.createDirectories(SCREENSHOTS);
        browser = startBrowser();
    }

    /**
     * The machine's Chromium and chromedriver, named explicitly: with the driver's path given, Selenium Manager
     * is never asked, so nothing is looked up or downloaded (the machines here reach no browser downloads).
     */
    private static WebDriver startBrowser() {
        String chromedriver = System.getProperty(CHROMEDRIVER);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver);
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty(CHROMIUM, "/usr/bin/chromium"));
        // without the background-networking switches the closed network here keeps Chromium waiting on
        // update and sync servers it cannot reach
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + browserProfile);
        return new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void someoneWhoIsNoOperatorIsTurnedAwayAtSignIn() {
        String member = "member-" + UUID.randomUUID().toString().substring(0, 8);
        gateway.signUp(member);

        openConsole();
        signIn(member);

        WebElement refusal = waitFor(d -> visible(d, By.id("login-error")));
        assertThat(refusal.getDomAttribute("data-status")).isEqualTo("403");
        assertThat(refusal.getText()).contains("not as a platform operator", "platform-operator role is required");
        assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(sessionToken()).isNull();
    }

    @Test
    @Order(2)
    void anOperatorReplaysTheAuditTrailAndWatchesItUntilItIsSwappedIn() {
        Tenant tenant = newTenant();
        createTasks(tenant, 10);

        openConsole();
        screenshot("console-login.png");
        signIn(OPERATOR);
        waitFor(d -> visible(d, By.id("console")));
        assertThat(browser.findElement(By.id("session-user")).getText()).contains(OPERATOR);
        // every section is filled from the platform: processors of each service, the outbox of each publisher
        waitFor(d -> present(d, By.cssSelector("#processors [data-processor='audit/audit-trail']")));
        waitFor(d -> present(d, By.cssSelector("#outbox tr[data-outbox-service='command-side'][data-status='UP']")));
        waitFor(d -> present(d, By.cssSelector("#dlq [data-consumer='audit'][data-status='UP']")));

        click(By.cssSelector("#projection-audit-trail button[data-action='replay']"));
        WebElement message = waitFor(d -> visible(d, By.id("message")));
        assertThat(message.getDomAttribute("data-kind")).as(message.getText()).isEqualTo("ok");
        assertThat(message.getText()).startsWith("Replay of audit-trail: rebuild ");

        // the page follows the rebuild by itself (polling) until the rebuilt trail is the live one
        By rebuild = By.cssSelector("#projection-audit-trail .rebuild");
        waitFor(d -> present(d, rebuild));
        scrollTo(By.id("projections"));
        screenshot("console-projections-building.png");
        // nothing else happens on the platform meanwhile: the rebuild must catch up and swap on its own
        waitFor(d -> "SWAPPED".equals(attribute(d, rebuild, "data-rebuild-state")) ? true : null);
        // a swapped rebuild has read at least everything the live trail had
        waitFor(d -> "1".equals(attribute(d, By.cssSelector("#projection-audit-trail progress"), "value")) ? true : null);
        assertThat(text(browser, By.cssSelector("#projection-audit-trail .rebuild-figures")))
                .matches("100 % · \\d+ / \\d+ records.*");
        waitFor(d -> "SWAPPED".equals(attribute(d,
                By.cssSelector("#processors [data-processor='audit/audit-trail'] .rebuild"), "data-rebuild-state"))
                ? true : null);
        JsonNode projection = json(admin("GET", "/admin/projections/audit-trail"));
        assertThat(projection.get("rebuild").get("state").asText()).isEqualTo("SWAPPED");
        assertThat(projection.get("rebuild").get("startedBy").asText()).isNotBlank();
        scrollTo(By.id("projections"));
        screenshot("console-projections.png");
        scrollTo(By.cssSelector("#processors [data-processor='audit/audit-trail']"));
        screenshot("console-processors.png");
    }

    @Test
    @Order(3)
    void aDeadLetterIsRetriedFromTheConsoleOnceItsCauseIsGone() throws Exception {
        Tenant tenant = newTenant();
        String marker = "refused-" + UUID.randomUUID();
        openConsoleAsOperator();
        String letterId;
        String taskId;
        try (Connection audit = DriverManager.getConnection(platform.postgres().jdbcUrl("audit"), "postgres", "");
             Statement schema = audit.createStatement()) {
            // the audit trail refuses this one task, as a bug or a broken constraint would
            schema.execute("""
                    create or replace function refuse_marked_record() returns trigger as $$
                    begin
                      if new.data ->> 'title' = '%s' then raise exception 'refused by fault injection'; end if;
                      return new;
                    end $$ language plpgsql""".formatted(marker));
            schema.execute("create trigger refuse_marked_record before insert on audit_record "
                    + "for each row execute function refuse_marked_record()");
            try {
                HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", tenant.token(),
                        tenant.organizationId(), "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + marker + "\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                taskId = json(created).get("taskId").asText();
                letterId = await().atMost(PATIENCE).until(() -> letterOf("audit", marker), id -> id != null);

                By row = By.cssSelector("#dlq tr[data-letter-id='" + letterId + "']");
                waitFor(d -> present(d, row));
                assertThat(attribute(browser, By.id("dlq-audit"), "data-letters")).isEqualTo("1");
                assertThat(text(browser, row)).contains("TaskCreated");
                // the reason in full is folded away under "details"
                assertThat(browser.findElement(row).getDomProperty("textContent")).contains("refused by fault injection");
                scrollTo(By.id("dlq"));
                screenshot("console-dlq.png");
            } finally {
                schema.execute("drop trigger if exists refuse_marked_record on audit_record");
                schema.execute("drop function if exists refuse_marked_record()");
            }
        }

        click(By.cssSelector("#dlq tr[data-letter-id='" + letterId + "'] button[data-action='retry']"));

        waitFor(d -> text(d, By.id("message")).startsWith("Retry of TaskCreated") ? true : null);
        assertThat(text(browser, By.id("message"))).contains("1 of 1 sequence(s) processed", "0 letter(s) left");
        waitFor(d -> d.findElements(By.cssSelector("#dlq tr[data-letter-id='" + letterId + "']")).isEmpty() ? true : null);
        waitFor(d -> "0".equals(attribute(d, By.id("dlq-audit"), "data-letters")) ? true : null);
        JsonNode records = json(gateway.send("GET", "/audit/records?entityId=" + taskId, tenant.token(),
                tenant.organizationId(), null));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("eventType").asText()).isEqualTo("TaskCreated");
        assertThat(records.get(0).get("data").get("title").asText()).isEqualTo(marker);
    }

    @Test
    @Order(4)
    void theConsoleShowsThePathOfATaskCreationByItsCorrelationId() {
        Tenant tenant = newTenant();
        String correlationId = "console-" + UUID.randomUUID();
        HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"Follow me\"}", correlationId);
        assertThat(created.statusCode()).isEqualTo(201);
        String taskId = json(created).get("taskId").asText();
        openConsoleAsOperator();

        WebElement input = waitFor(d -> visible(d, By.id("request-correlation-id")));
        input.clear();
        input.sendKeys(correlationId);
        click(By.id("request-lookup"));

        // the event reaches the audit trail from Kafka; the page keeps asking until it is there
        By event = By.cssSelector("#request-steps li[data-step-kind='event'][data-event-type='TaskCreated']");
        waitFor(d -> present(d, event));
        By request = By.cssSelector("#request-steps li[data-step-kind='request']");
        assertThat(attribute(browser, request, "data-status")).isEqualTo("201");
        assertThat(attribute(browser, request, "data-service")).isEqualTo("command-side");
        assertThat(text(browser, request)).contains("POST /workflow/tasks", "answered by command-side");
        assertThat(attribute(browser, event, "data-entity-id")).isEqualTo(taskId);
        assertThat(text(browser, event)).contains("from workflow-service", tenant.organizationId());
        // in time order: the gateway's request first, then what it caused
        List<WebElement> steps = browser.findElements(By.cssSelector("#request-steps li"));
        assertThat(steps.get(0).getDomAttribute("data-step-kind")).isEqualTo("request");
        scrollTo(By.id("request-path"));
        screenshot("console-request-path.png");
    }

    @Test
    @Order(5)
    void anOperatorPausesAndResumesAProcessor() {
        openConsoleAsOperator();
        By row = By.cssSelector("#processors tr[data-processor='query-side/task-view']");
        waitFor(d -> "true".equals(attribute(d, row, "data-running")) ? true : null);

        click(By.cssSelector("#processors tr[data-processor='query-side/task-view'] button[data-action='pause']"));
        waitFor(d -> "false".equals(attribute(d, row, "data-running")) ? true : null);
        assertThat(text(browser, By.id("message"))).isEqualTo("Pause query-side/task-view: paused");
        assertThat(json(admin("GET", "/admin/processors/query-side/task-view")).get("running").asBoolean()).isFalse();

        click(By.cssSelector("#processors tr[data-processor='query-side/task-view'] button[data-action='resume']"));
        waitFor(d -> "true".equals(attribute(d, row, "data-running")) ? true : null);
        assertThat(json(admin("GET", "/admin/processors/query-side/task-view")).get("running").asBoolean()).isTrue();
    }

    // ---- the platform through its API -----------------------------------------------------------------

    record Tenant(String token, String organizationId, String projectId) {
    }

    private static Tenant newTenant() {
        String token = gateway.signUpAndLogIn("owner-" + UUID.randomUUID().toString().substring(0, 8));
        String organizationId = json(gateway.send("POST", "/organizations", token, null, "{\"name\":\"Console\"}"))
                .get("organizationId").asText();
        // the workflow service learns the membership from Kafka
        HttpResponse<String> project = await().atMost(PATIENCE).until(
                () -> gateway.send("POST", "/workflow/projects", token, organizationId, "{\"name\":\"Watched\"}"),
                r -> r.statusCode() == 201);
        return new Tenant(token, organizationId, json(project).get("projectId").asText());
    }

    private static void createTasks(Tenant tenant, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                    "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"Task " + i + "\"}").statusCode()).isEqualTo(201);
        }
    }

    private static HttpResponse<String> admin(String method, String path) {
        return gateway.send(method, path, operatorToken, null, null);
    }

    /** The id of the consumer's dead letter whose task has this title, once there is one. */
    private static String letterOf(String consumer, String title) {
        for (JsonNode letter : json(admin("GET", "/admin/dlq/" + consumer + "?size=500")).get("letters")) {
            if (title.equals(letter.path("payload").path("title").asText())) {
                return letter.get("id").asText();
            }
        }
        return null;
    }

    // ---- the page --------------------------------------------------------------------------------------

    private static void openConsole() {
        browser.get(platform.gatewayUrl() + "/console/");
        waitFor(d -> present(d, By.id("login-form")));
    }

    private static void openConsoleAsOperator() {
        openConsole();
        if (sessionToken() == null) {
            signIn(OPERATOR);
        }
        waitFor(d -> visible(d, By.id("console")));
    }

    private static void signIn(String username) {
        WebElement name = waitFor(d -> visible(d, By.id("login-username")));
        name.clear();
        name.sendKeys(username);
        WebElement password = browser.findElement(By.id("login-password"));
        password.clear();
        password.sendKeys(PASSWORD);
        click(By.id("login-submit"));
    }

    private static String sessionToken() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('taskflow.console.token');");
    }

    /** Clicks once the element is there and enabled; the page redraws sections while it polls. */
    private static void click(By locator) {
        waitFor(d -> {
            WebElement element = visible(d, locator);
            if (element == null || !element.isEnabled()) {
                return null;
            }
            element.click();
            return true;
        });
    }

    private static void scrollTo(By locator) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                browser.findElement(locator));
    }

    private static <T> T waitFor(Function<WebDriver, T> condition) {
        return new FluentWait<>(browser)
                .withTimeout(PATIENCE)
                .pollingEvery(Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition);
    }

    private static WebElement present(WebDriver driver, By locator) {
        List<WebElement> found = driver.findElements(locator);
        return found.isEmpty() ? null : found.get(0);
    }

    private static WebElement visible(WebDriver driver, By locator) {
        WebElement element = present(driver, locator);
        return element != null && element.isDisplayed() ? element : null;
    }

    private static String attribute(WebDriver driver, By locator, String name) {
        WebElement element = present(driver, locator);
        return element == null ? null : element.getDomAttribute(name);
    }

    private static String text(WebDriver driver, By locator) {
        WebElement element = present(driver, locator);
        return element == null ? "" : element.getText();
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
