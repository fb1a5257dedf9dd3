package dev.articlesapi.support;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Base of the integration tests: the whole API on a random port against the test JVM's
 * one PostgreSQL, emptied before each test except for the admin (id 1).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(StatementCounter.class)
public abstract class ApiTest {

    static {
        TestDatabase.start();
    }

    private static final String ADMIN_HASH = new BCryptPasswordEncoder(4).encode(TestDatabase.ADMIN_PASSWORD);

    public static final long ADMIN_ID = 1;

    public static final String PASSWORD = "password123";

    @Autowired
    protected WebTestClient http;

    /**
     * The tests' own connections to the test database, outside the API's pool: seeding
     * 100,000 rows or holding a lock open must not meet the API's statement and stall
     * time-outs, nor take the API's connections.
     */
    private static final DatabaseClient TEST_DB = DatabaseClient
        .create(new ConnectionPool(ConnectionPoolConfiguration
            .builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(System.getProperty("spring.r2dbc.url"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, TestDatabase.username())
                .option(ConnectionFactoryOptions.PASSWORD, TestDatabase.password())
                .build()))
            .maxSize(10)
            .build()));

    protected final DatabaseClient db = TEST_DB;

    @Autowired
    protected StatementCounter statements;

    @LocalServerPort
    protected int port;

    /**
     * Every response this test receives through {@link #http}, checked against the served
     * OpenAPI document.
     */
    protected ContractCheck contract;

    @BeforeEach
    void emptyDatabase() {
        contract = ContractCheck.servedBy(http);
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).filter(contract).build();
        db.sql("TRUNCATE " + String.join(", ", tables()) + " RESTART IDENTITY CASCADE").then().block();
        db.sql("INSERT INTO users (email, name, password, role) VALUES (:email, 'Admin', :hash, 'admin')")
            .bind("email", TestDatabase.ADMIN_EMAIL)
            .bind("hash", ADMIN_HASH)
            .then()
            .block();
    }

    @AfterEach
    void responsesMatchTheDocument() {
        Assertions.assertThat(contract.mismatches()).as("responses that contradict the OpenAPI document").isEmpty();
    }

    /** Every table that holds data a test may write. */
    protected String[] tables() {
        return new String[] { "users", "addresses", "articles", "categories", "categories_articles",
                "throttle_counters", "login_trusted_clients" };
    }

    protected long count(String table) {
        return db.sql("SELECT count(*) AS n FROM " + table).map(r -> r.get("n", Long.class)).one().block();
    }

    /** Signs a user up (no address) and returns the id. */
    protected long signUp(String email) {
        return signUp(new SignUpBody(email, "User " + email, PASSWORD)).id();
    }

    /** Signs a user up: 201 and the new user. */
    protected PrivateUser signUp(SignUpBody body) {
        return http.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(PrivateUser.class)
            .returnResult()
            .getResponseBody();
    }

    /** Logs in and returns the JWT from the cookie. */
    protected String logIn(String email, String password) {
        var cookie = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody(email, password))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseCookies()
            .getFirst("Authentication");
        return cookie.getValue();
    }

    protected String logIn(String email) {
        return logIn(email, PASSWORD);
    }

    protected String adminToken() {
        return logIn(TestDatabase.ADMIN_EMAIL, TestDatabase.ADMIN_PASSWORD);
    }

    /**
     * A request with an optional Bearer token (null: signed out) and an optional JSON
     * body (null: none).
     */
    protected WebTestClient.ResponseSpec send(String method, String uri, String token, Object body) {
        var request = http.method(HttpMethod.valueOf(method)).uri(uri);
        if (token != null) {
            request = request.headers(bearer(token));
        }
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Creates an article as the token's user and returns its id. */
    protected long createArticle(String token, String title, Long... categoryIds) {
        return createArticle(token, new ArticleBody(title, "Content of " + title, List.of(categoryIds))).id();
    }

    /** Creates an article as the token's user: 201 and the article. */
    protected ArticleWithCategoryIds createArticle(String token, ArticleBody body) {
        return send("POST", "/articles", token, body).expectStatus()
            .isCreated()
            .expectBody(ArticleWithCategoryIds.class)
            .returnResult()
            .getResponseBody();
    }

    /** Creates a category as the admin and returns its id. */
    protected long createCategory(String name) {
        return send("POST", "/categories", adminToken(), new CategoryBody(name)).expectStatus()
            .isCreated()
            .expectBody(Category.class)
            .returnResult()
            .getResponseBody()
            .id();
    }

    /** GET /articles/{id}: 200 and the article. */
    protected ArticleDetails article(long id) {
        return http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(ArticleDetails.class)
            .returnResult()
            .getResponseBody();
    }

    /**
     * GET /articles?{query} (no Accept: the JSON page; "" for none): 200 and the page.
     */
    protected Page<Article> page(String query) {
        return http.get()
            .uri(query.isEmpty() ? "/articles" : "/articles?" + query)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Page<Article>>() {
            })
            .returnResult()
            .getResponseBody();
    }

    /** GET /categories/{id}: 200 and the category with its articles. */
    protected CategoryDetails category(long id) {
        return http.get()
            .uri("/categories/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(CategoryDetails.class)
            .returnResult()
            .getResponseBody();
    }

    /**
     * The problem an error response carries (its Content-Type checked:
     * application/problem+json).
     */
    protected static Problem problem(WebTestClient.ResponseSpec response) {
        return response.expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(Problem.class)
            .returnResult()
            .getResponseBody();
    }

    /**
     * Runs the statement on the connection; the first column of its last row, null when
     * it gives none.
     */
    protected static Object runOn(Connection connection, String sql) {
        Optional<Object> last = Flux.from(connection.createStatement(sql).execute())
            .flatMap(result -> result.map((row, meta) -> Optional.ofNullable(row.get(0))))
            .blockLast();
        return last == null ? null : last.orElse(null);
    }

    /**
     * Waits until this many statements of other sessions wait for a lock
     * (pg_stat_activity).
     */
    protected void awaitLockWaiters(long n) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> db.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                .map(r -> r.get("n", Long.class))
                .one()
                .block() == n);
    }

    protected static Consumer<HttpHeaders> bearer(String token) {
        return h -> h.setBearerAuth(token);
    }

}
