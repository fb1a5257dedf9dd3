package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.FaultProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API as a browser on another origin sees it: headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, driven by Selenium; nothing is
 * downloaded) runs {@code clients/browser/index.html}, served from this JVM on one
 * origin, against the API on another origin whose only allowed origin
 * ({@code CORS_ALLOWED_ORIGINS}) is the page's. The browser reaches the API through a
 * {@link FaultProxy}, so the test can drop the page's connections for real, and read what
 * the browser sent (the preflights, the cookie, Last-Event-ID): the page cannot see its
 * own request headers.
 */
class BrowserIT extends ApiTest {

    private static final String CHROMIUM = "/usr/bin/chromium";

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final Path PAGES = Path.of("clients", "browser");

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Serves clients/browser/ on the page's origin. */
    private static final DisposableServer PAGE_SERVER = pageServer();

    private static final String PAGE_ORIGIN = "http://localhost:" + PAGE_SERVER.port();

    /**
     * The API's port: known once the context has started, and read by the proxy for each
     * new connection.
     */
    private static volatile int apiPort;

    /** The API's origin as the browser sees it. */
    private static final FaultProxy API_PROXY = new FaultProxy("127.0.0.1", () -> apiPort);

    private static final String API = "http://localhost:" + API_PROXY.port();

    @DynamicPropertySource
    static void allowThePageOrigin(DynamicPropertyRegistry registry) {
        registry.add("articles.cors.allowed-origins", () -> PAGE_ORIGIN);
    }

    @Autowired
    private JsonMapper json;

    @Autowired
    private MeterRegistry meters;

    private ChromeDriver browser;

    /**
     * A static file server: the files are read once, here, so that no event-loop thread
     * ever reads a file (BlockHound).
     */
    private static DisposableServer pageServer() {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> list = Files.list(PAGES)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            String name = request.path().isEmpty() ? "index.html" : request.path();
            byte[] body = files.get(name);
            if (body == null) {
                return response.status(404).send();
            }
            return response.header("Content-Type", contentType(name)).sendByteArray(Mono.just(body));
        }).bindNow();
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
    }

    @BeforeEach
    void startBrowser() {
        db.sql("TRUNCATE article_events RESTART IDENTITY").then().block();
        apiPort = port;
        API_PROXY.refuse(false);
        API_PROXY.record();
        assertThat(Path.of(CHROMIUM)).as("Debian's chromium package (apt-get install chromium)").isExecutable();
        assertThat(Path.of(CHROMEDRIVER)).as("Debian's chromium-driver package (apt-get install chromium-driver)")
            .isExecutable();
        // both executables given: Selenium Manager has nothing to look up or download
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            // what went wrong, without the commands and answers (the typed password, the
            // cookie's value)
            .withLogFile(new File("target/chromedriver.log"))
            .withAppendLog(true)
            .withLogLevel(ChromiumDriverLogLevel.WARNING)
            .build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
            // root in a container: no sandbox; a small /dev/shm: none of it
            .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--disable-extensions");
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
        API_PROXY.refuse(false);
    }

    @AfterAll
    static void stopServers() {
        API_PROXY.close();
        PAGE_SERVER.disposeNow();
    }

    @Test
    void aPageOnAnotherOriginLogsInWithTheCookieAndItsEventStreamResumesAfterADropWithoutAGap() {
        long ann = signUp("ann@example.com");
        browser.get(PAGE_ORIGIN + "/?api=" + API);
        awaitPage("the event stream open", p -> p.path("opened").asInt() == 1);

        // (1) log-in through the form: a JSON POST from another origin, so the browser
        // asked first (a preflight)
        browser.findElement(By.cssSelector("#log-in [name=email]")).sendKeys("ann@example.com");
        browser.findElement(By.cssSelector("#log-in [name=password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#log-in button")).click();
        JsonNode page = awaitPage("signed in", p -> !p.path("me").isNull() || !p.path("failures").isEmpty());
        assertThat(page.path("failures")).as("failures").isEmpty();
        assertThat(page.path("user").path("id").asLong()).isEqualTo(ann);
        assertThat(page.path("user").path("email").asString()).isEqualTo("ann@example.com");
        assertThat(page.path("user").has("password")).isFalse();
        Request preflight = only(sent("OPTIONS", "/authentication/log-in"));
        assertThat(preflight.header("origin")).isEqualTo(PAGE_ORIGIN);
        assertThat(preflight.header("access-control-request-method")).isEqualTo("POST");
        assertThat(preflight.header("access-control-request-headers")).isEqualToIgnoringCase("content-type");
        assertThat(only(sent("POST", "/authentication/log-in")).header("origin")).isEqualTo(PAGE_ORIGIN);

        // the browser keeps the cookie (HttpOnly: the page's scripts cannot read it;
        // cookies ignore ports, so the
        // page's host sees the API's cookie)
        Cookie cookie = browser.manage().getCookieNamed("Authentication");
        assertThat(cookie).as("the Authentication cookie").isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat((String) browser.executeScript("return document.cookie")).doesNotContain("Authentication");

        // (2) the next call carries the cookie, and nothing else signs it in
        assertThat(page.path("me")).isEqualTo(page.path("user"));
        Request whoAmI = only(sent("GET", "/authentication"));
        assertThat(whoAmI.header("cookie")).contains("Authentication=");
        assertThat(whoAmI.header("authorization")).isNull();

        // (3) an article created by the page (with the cookie) arrives on the page's
        // event stream
        createThroughThePage("From the page");
        page = awaitPage("the first event", p -> p.path("received").size() == 1 || !p.path("failures").isEmpty());
        assertThat(page.path("failures")).as("failures").isEmpty();
        JsonNode created = page.path("created").get(0);
        JsonNode first = page.path("received").get(0);
        assertThat(first.path("type").asString()).isEqualTo("article-created");
        assertThat(first.path("data")).isEqualTo(created);
        assertThat(created.path("authorId").asLong()).isEqualTo(ann);
        assertThat(only(sent("POST", "/articles")).header("cookie")).contains("Authentication=");
        long firstId = Long.parseLong(first.path("id").asString());

        // (4) the API drops the stream and stays unreachable while three articles are
        // created
        API_PROXY.refuse(true);
        awaitPage("a failed reconnection", p -> p.path("errors").asInt() >= 2);
        assertThat(browser.findElement(By.id("stream")).getText()).as("EventSource.readyState")
            .isEqualTo("reconnecting");
        String token = logIn("ann@example.com");
        for (int i = 1; i <= 3; i++) {
            createArticle(token, "While away " + i);
        }
        API_PROXY.refuse(false);

        // The browser reconnects by itself and gets exactly what it missed, then the live
        // events. Only Last-Event-ID
        // makes this so: a stream opened without it starts at its opening, and these
        // three would be lost; one
        // opened from an earlier id would repeat the first event.
        createThroughThePageWhenOpenAgain();
        page = awaitPage("five events", p -> p.path("received").size() >= 5 || !p.path("failures").isEmpty());
        assertThat(page.path("failures")).as("failures").isEmpty();
        List<String> ids = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode event : page.path("received")) {
            ids.add(event.path("id").asString());
            titles.add(event.path("data").path("title").asString());
            assertThat(event.path("type").asString()).isEqualTo("article-created");
        }
        assertThat(ids).containsExactly(Long.toString(firstId), Long.toString(firstId + 1), Long.toString(firstId + 2),
                Long.toString(firstId + 3), Long.toString(firstId + 4));
        assertThat(titles).containsExactly("From the page", "While away 1", "While away 2", "While away 3",
                "Back again");
        assertThat(page.path("opened").asInt()).as("stream openings").isEqualTo(2);

        // what the browser sent: the first subscription from now on, the second after the
        // last event it had, with
        // the cookie it holds since (withCredentials)
        List<Request> subscriptions = sent("GET", "/articles/events");
        assertThat(subscriptions).hasSize(2);
        assertThat(subscriptions.get(0).header("last-event-id")).isNull();
        assertThat(subscriptions.get(1).header("last-event-id")).isEqualTo(Long.toString(firstId));
        assertThat(subscriptions.get(1).header("origin")).isEqualTo(PAGE_ORIGIN);
        assertThat(subscriptions.get(1).header("cookie")).contains("Authentication=");
        assertThat(sent()).as("the page's requests")
            .isNotEmpty()
            .allSatisfy(r -> assertThat(r.header("authorization")).as(r.method() + " " + r.path()).isNull());
    }

    /**
     * Read, edit, save with If-Match (the ETag the page may read: CORS exposes it), and a
     * save with the ETag of a version someone else has changed since: 412, shown on the
     * page, nothing written; loaded again, the save goes through.
     */
    @Test
    void aPageSavesWithIfMatchAndShowsThe412OfASaveWithAnOldETag() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        long article = createArticle(token, "Draft");
        browser.get(PAGE_ORIGIN + "/?api=" + API);
        browser.findElement(By.cssSelector("#log-in [name=email]")).sendKeys("ann@example.com");
        browser.findElement(By.cssSelector("#log-in [name=password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#log-in button")).click();
        awaitPage("signed in", p -> !p.path("me").isNull() || !p.path("failures").isEmpty());

        browser.findElement(By.cssSelector("#edit [name=id]")).sendKeys(Long.toString(article));
        browser.findElement(By.id("load")).click();
        JsonNode page = awaitPage("the article loaded",
                p -> !p.path("editing").isNull() || !p.path("failures").isEmpty());
        assertThat(page.path("failures")).as("failures").isEmpty();
        String loaded = page.path("editing").path("etag").asString();
        assertThat(loaded).isEqualTo(articleEtag(article));

        edit("title", "Edited once");
        page = awaitPage("the first save", p -> p.path("saves").size() == 1);
        assertThat(page.path("failures")).as("failures").isEmpty();
        assertThat(page.path("saves").get(0).path("status").asInt()).isEqualTo(200);
        String saved = page.path("saves").get(0).path("etag").asString();
        assertThat(saved).isNotEqualTo(loaded).isEqualTo(articleEtag(article));
        assertThat(article(article).title()).isEqualTo("Edited once");
        Request preflight = sent("OPTIONS", "/articles/" + article).get(0);
        assertThat(preflight.header("access-control-request-method")).isEqualTo("PATCH");
        assertThat(preflight.header("access-control-request-headers")).containsIgnoringCase("if-match");
        assertThat(sent("PATCH", "/articles/" + article).get(0).header("if-match")).isEqualTo(loaded);

        // someone else changes it; the page's next save still carries the ETag of its
        // last save
        send("PATCH", "/articles/" + article, token, ArticlePatchBody.title("Someone else")).expectStatus().isOk();
        String current = articleEtag(article);
        edit("title", "Edited twice");
        page = awaitPage("the second save", p -> p.path("saves").size() == 2);
        assertThat(page.path("saves").get(1).path("status").asInt()).isEqualTo(412);
        assertThat(page.path("saves").get(1).path("etag").asString()).isEqualTo(current);
        assertThat(sent("PATCH", "/articles/" + article).get(1).header("if-match")).isEqualTo(saved);
        assertThat(browser.findElement(By.id("failure")).getText()).contains("changed by someone else");
        assertThat(article(article).title()).isEqualTo("Someone else");

        browser.findElement(By.id("load")).click();
        awaitPage("the article loaded again", p -> p.path("editing").path("etag").asString().equals(current));
        edit("title", "Edited again");
        page = awaitPage("the third save", p -> p.path("saves").size() == 3);
        assertThat(page.path("saves").get(2).path("status").asInt()).isEqualTo(200);
        assertThat(article(article).title()).isEqualTo("Edited again");
        assertThat(browser.findElement(By.id("failure")).getText()).isEmpty();
    }

    /** Replaces a field of the page's edit form and saves. */
    private void edit(String field, String value) {
        var input = browser.findElement(By.cssSelector("#edit [name=" + field + "]"));
        input.clear();
        input.sendKeys(value);
        browser.findElement(By.cssSelector("#edit button:not([type=button])")).click();
    }

    private String articleEtag(long id) {
        return http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getETag();
    }

    @Test
    void aPageOnAnOriginNotAllowedGetsNoAnswerAndItsLogInIsNeverSent() {
        signUp("ann@example.com");
        String otherOrigin = "http://127.0.0.1:" + PAGE_SERVER.port();
        browser.get(otherOrigin + "/?api=" + API);
        browser.findElement(By.cssSelector("#log-in [name=email]")).sendKeys("ann@example.com");
        browser.findElement(By.cssSelector("#log-in [name=password]")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#log-in button")).click();
        JsonNode page = awaitPage("the log-in refused",
                p -> !p.path("failures").isEmpty() && p.path("errors").asInt() >= 1);
        // the browser hides the refusal: a TypeError without a status
        assertThat(page.path("failures").get(0).asString()).contains("Failed to fetch");
        assertThat(page.path("user").isNull()).isTrue();
        assertThat(page.path("opened").asInt()).as("stream openings").isZero();
        assertThat(browser.findElement(By.id("stream")).getText()).isEqualTo("closed");
        // the preflight was refused, so the credentials never left the browser
        assertThat(only(sent("OPTIONS", "/authentication/log-in")).header("origin")).isEqualTo(otherOrigin);
        assertThat(sent("POST", "/authentication/log-in")).isEmpty();
    }

    @Test
    void theBrowsersOwnCacheRevalidatesAnArticleWithItsEtagAndGetsTheNewBodyOnceItChanged() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        long id = createArticle(token, "Cached");
        String etag = http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getETag();
        browser.get(PAGE_ORIGIN + "/?api=" + API);

        // twice, with nothing set by hand: the browser asks again with the ETag it
        // stored,
        // and the API answers 304
        JsonNode first = readThroughThePage(id, 1);
        JsonNode second = readThroughThePage(id, 2);
        List<Request> reads = sent("GET", "/articles/" + id);
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).header("if-none-match")).isNull();
        assertThat(reads.get(1).header("if-none-match")).isEqualTo(etag);
        awaitAnswered(id, "304", 1);
        assertThat(second).isEqualTo(first);
        assertThat(first.path("title").asString()).isEqualTo("Cached");

        // changed: the same question gets the new body
        http.put()
            .uri("/articles/" + id)
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticleBody("Changed", "New content"))
            .exchange()
            .expectStatus()
            .isOk();
        JsonNode third = readThroughThePage(id, 3);
        reads = sent("GET", "/articles/" + id);
        assertThat(reads).hasSize(3);
        assertThat(reads.get(2).header("if-none-match")).isEqualTo(etag);
        assertThat(third.path("title").asString()).isEqualTo("Changed");
        assertThat(third.path("content").asString()).isEqualTo("New content");
        awaitAnswered(id, "200", 1);
        assertThat(answered("304")).isEqualTo(1);
    }

    /** The page reads the article (window.readArticle) and has read it n times. */
    private JsonNode readThroughThePage(long id, int n) {
        browser.executeScript("readArticle(arguments[0]).catch(fail)", id);
        JsonNode page = awaitPage("read " + n + " times",
                p -> p.path("read").size() >= n || !p.path("failures").isEmpty());
        assertThat(page.path("failures")).as("failures").isEmpty();
        return page.path("read").get(n - 1);
    }

    /**
     * Waits until the API has recorded that many answers of GET /articles/{id} with the
     * status since the browser's first read (the test's own GET was a 200 before it).
     */
    private void awaitAnswered(long id, String status, long n) {
        long before = "200".equals(status) ? 1 : 0;
        new WebDriverWait(browser, WAIT, Duration.ofMillis(50))
            .withMessage(() -> "waiting for " + n + " answers " + status + " to GET /articles/" + id)
            .until(driver -> answered(status) - before >= n);
    }

    /** How many GET /articles/{id} the API answered with the status (its metrics). */
    private long answered(String status) {
        return meters.find("http.server.requests")
            .tag("method", "GET")
            .tag("uri", "/articles/{id}")
            .tag("status", status)
            .timers()
            .stream()
            .mapToLong(Timer::count)
            .sum();
    }

    private void createThroughThePage(String title) {
        browser.findElement(By.cssSelector("#create [name=title]")).sendKeys(title);
        browser.findElement(By.cssSelector("#create [name=content]")).sendKeys("Content of " + title);
        browser.findElement(By.cssSelector("#create button")).click();
    }

    /**
     * Once the stream is open again, the page creates one more article ("Back again"):
     * the live events go on.
     */
    private void createThroughThePageWhenOpenAgain() {
        awaitPage("the event stream open again", p -> p.path("opened").asInt() >= 2);
        browser.findElement(By.cssSelector("#create [name=title]")).clear();
        browser.findElement(By.cssSelector("#create [name=content]")).clear();
        createThroughThePage("Back again");
    }

    /** The page's state (window.page), polled until the condition holds. */
    private JsonNode awaitPage(String what, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100))
            .withMessage(() -> "waiting for " + what + "; the page has " + last.get())
            .until(driver -> {
                JsonNode page = json.readTree((String) browser.executeScript("return JSON.stringify(window.page)"));
                last.set(page);
                return condition.test(page) ? page : null;
            });
    }

    /**
     * A request the browser sent through the proxy: its path without the query, its
     * header names in lower case.
     */
    record Request(String method, String path, Map<String, String> headers) {

        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * The requests with this method and path (query left out) that the browser sent,
     * connection by connection.
     */
    private static List<Request> sent(String method, String path) {
        return sent().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Every request the browser sent through the proxy, connection by connection. */
    private static List<Request> sent() {
        List<Request> requests = new ArrayList<>();
        for (String connection : API_PROXY.sent()) {
            // HTTP/1.1 on each connection: a head, a blank line, Content-Length bytes of
            // body, the next head
            int at = 0;
            int end;
            while ((end = connection.indexOf("\r\n\r\n", at)) >= 0) {
                String[] lines = connection.substring(at, end).split("\r\n");
                String[] requestLine = lines[0].split(" ");
                Map<String, String> headers = new HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
                requests.add(new Request(requestLine[0], requestLine[1].split("\\?")[0], headers));
                at = end + 4 + Integer.parseInt(headers.getOrDefault("content-length", "0"));
            }
        }
        return requests;
    }

    private static Request only(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

}
