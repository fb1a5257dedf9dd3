package dev.articlesapi.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticleWithCategoryIds;
import dev.articlesapi.support.CategoryBody;
import dev.articlesapi.support.FaultProxy;
import dev.articlesapi.support.Problem;
import io.r2dbc.spi.Connection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency-Key on POST /articles and POST /categories, through HTTP against the real
 * database: replays, a lost answer retried, concurrent retries, two instances, expiry,
 * 422 and 400.
 */
class IdempotentCreatesIT extends ApiTest {

    private static final ArticleBody HELLO = new ArticleBody("Hello", "World", List.of());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private IdempotentCreates creates;

    private String token() {
        signUp("idem@example.com");
        return logIn("idem@example.com");
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String uri, String token, String key,
            Object body) {
        return client.post()
            .uri(uri)
            .headers(bearer(token))
            .headers(h -> h.set(IdempotentCreates.HEADER, key))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange();
    }

    /** A 201 as the client got it: its headers and body bytes. */
    private static EntityExchangeResult<byte[]> created(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isCreated().expectBody().returnResult();
    }

    private static ArticleWithCategoryIds article(EntityExchangeResult<byte[]> result) {
        return JSON.readValue(result.getResponseBody(), ArticleWithCategoryIds.class);
    }

    private long keys() {
        return count("idempotency_keys");
    }

    @Test
    void retryWithTheSameKeyAndBodyReplaysTheFirstAnswerByteForByteWithoutWriting() {
        String token = token();
        long events = count("article_events");
        var first = created(post(http, "/articles", token, "order-1", HELLO));
        var again = created(post(http, "/articles", token, "order-1", HELLO));

        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(again.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation())
            .hasToString("/articles/" + article(first).id());
        assertThat(again.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(again.getResponseHeaders().getETag()).isEqualTo(first.getResponseHeaders().getETag());
        assertThat(count("articles")).isEqualTo(1);
        assertThat(count("article_events")).as("one article-created event").isEqualTo(events + 1);
        assertThat(keys()).isEqualTo(1);
    }

    @Test
    void withoutAKeyEveryPostCreates() {
        String token = token();
        createArticle(token, HELLO);
        createArticle(token, HELLO);
        assertThat(count("articles")).isEqualTo(2);
        assertThat(keys()).isZero();
    }

    @Test
    void retryAfterTheAnswerWasLostGetsTheCommittedArticle() {
        String token = token();
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", port)) {
            proxy.dropAnswers(true);
            WebClient throughProxy = WebClient.create("http://127.0.0.1:" + proxy.port());
            assertThatThrownBy(() -> throughProxy.post()
                .uri("/articles")
                .headers(bearer(token))
                .header(IdempotentCreates.HEADER, "lost-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(HELLO)
                .retrieve()
                .toBodilessEntity()
                .block()).as("the answer is lost on the way").isNotNull();
            assertThat(count("articles")).as("but the create committed").isEqualTo(1);

            proxy.dropAnswers(false);
            WebTestClient retrying = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + proxy.port())
                .filter(contract)
                .build();
            var retried = created(post(retrying, "/articles", token, "lost-1", HELLO));
            var again = created(post(retrying, "/articles", token, "lost-1", HELLO));

            long id = db.sql("SELECT id FROM articles").map(r -> r.get("id", Long.class)).one().block();
            assertThat(article(retried).id()).isEqualTo(id);
            assertThat(retried.getResponseHeaders().getLocation()).hasToString("/articles/" + id);
            assertThat(again.getResponseBody()).isEqualTo(retried.getResponseBody());
            assertThat(count("articles")).isEqualTo(1);
        }
    }

    @Test
    void twentyParallelPostsWithOneKeyCreateOneArticleAndTheOthersReplayOrConflict() {
        String token = token();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).filter(contract).build();
        record Outcome(int status, String body) {
        }
        List<Outcome> outcomes = Flux.range(0, 20)
            .flatMap(i -> client.post()
                .uri("/articles")
                .headers(bearer(token))
                .header(IdempotentCreates.HEADER, "parallel-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(HELLO)
                .exchangeToMono(r -> r.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(body -> new Outcome(r.statusCode().value(), body))), 20)
            .collectList()
            .block();

        assertThat(count("articles")).isEqualTo(1);
        assertThat(outcomes).extracting(Outcome::status).allMatch(s -> s == 201 || s == 409).contains(201);
        Set<String> bodies = outcomes.stream()
            .filter(o -> o.status() == 201)
            .map(Outcome::body)
            .collect(Collectors.toSet());
        assertThat(bodies).as("every 201 is the same answer").hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.status() == 409)
            .allSatisfy(o -> assertThat(o.body()).contains("still being processed"));
    }

    @Test
    void whileTheFirstRequestWithTheKeyRunsARetryGetsConflictAtOnce() {
        String token = token();
        long userId = db.sql("SELECT id FROM users WHERE email = 'idem@example.com'")
            .map(r -> r.get("id", Long.class))
            .one()
            .block();
        Connection running = Mono.from(db.getConnectionFactory().create()).block();
        try {
            Mono.from(running.beginTransaction()).block();
            runOn(running, "SELECT pg_advisory_xact_lock(hashtext('idempotency_keys'), hashtext('" + userId
                    + " in-flight-1'))");
            Problem problem = problem(
                    post(http, "/articles", token, "in-flight-1", HELLO).expectStatus().isEqualTo(HttpStatus.CONFLICT));
            assertThat(problem.detail()).contains("still being processed");
            assertThat(count("articles")).isZero();
            Mono.from(running.rollbackTransaction()).block();
        }
        finally {
            Mono.from(running.close()).block();
        }
        created(post(http, "/articles", token, "in-flight-1", HELLO));
        assertThat(count("articles")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessableAndWritesNothing() {
        String token = token();
        created(post(http, "/articles", token, "order-2", HELLO));
        Problem problem = problem(
                post(http, "/articles", token, "order-2", new ArticleBody("Hello", "Other", null)).expectStatus()
                    .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));
        assertThat(problem.detail()).contains("different request");
        assertThat(count("articles")).isEqualTo(1);

        created(post(http, "/categories", adminToken(), "order-2", new CategoryBody("Tech")));
        problem(post(http, "/categories", adminToken(), "order-2", new CategoryBody("Science")).expectStatus()
            .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));
        assertThat(count("categories")).isEqualTo(1);
    }

    @Test
    void bodiesThatDifferOnlyInWhitespaceAndTrimmingAreTheSameRequest() {
        String token = token();
        var first = created(post(http, "/articles", token, "order-3", "{\"title\":\"Hello\",\"content\":\"World\"}"));
        var again = created(
                post(http, "/articles", token, "order-3", "{ \"content\" : \" World \",\n \"title\": \"Hello\" }"));
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(count("articles")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "x256" })
    void aMalformedKeyIsBadRequestAndWritesNothing(String key) {
        String malformed = key.equals("x256") ? "x".repeat(256) : key;
        String token = token();
        Problem problem = problem(
                post(http, "/articles", token, malformed, HELLO).expectStatus().isEqualTo(HttpStatus.BAD_REQUEST));
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("Idempotency-Key");
        problem(post(http, "/categories", adminToken(), malformed, new CategoryBody("Tech")).expectStatus()
            .isEqualTo(HttpStatus.BAD_REQUEST));
        assertThat(count("articles") + count("categories") + keys()).isZero();
    }

    @Test
    void aKeyOf255VisibleCharactersIsTaken() {
        String key = "!~" + "k".repeat(253);
        created(post(http, "/articles", token(), key, HELLO));
        assertThat(keys()).isEqualTo(1);
    }

    @Test
    void aCreateThatFailsLeavesNoKeySoItsRetryRunsAgain() {
        String token = token();
        problem(post(http, "/articles", token, "order-4", new ArticleBody("Hello", "World", List.of(99L)))
            .expectStatus()
            .isBadRequest());
        assertThat(keys()).isZero();

        String admin = adminToken();
        created(post(http, "/categories", admin, "cat-1", new CategoryBody("Tech")));
        problem(post(http, "/categories", admin, "cat-2", new CategoryBody("Tech")).expectStatus()
            .isEqualTo(HttpStatus.CONFLICT));
        assertThat(keys()).as("the duplicate name rolled back its key").isEqualTo(1);
        long tech = db.sql("SELECT id FROM categories").map(r -> r.get("id", Long.class)).one().block();

        var article = created(
                post(http, "/articles", token, "order-4", new ArticleBody("Hello", "World", List.of(tech))));
        assertThat(article(article).categoryIds()).containsExactly(tech);
    }

    @Test
    void categoryCreatesReplayToo() {
        String admin = adminToken();
        var first = created(post(http, "/categories", admin, "cat-3", new CategoryBody("Tech")));
        var again = created(post(http, "/categories", admin, "cat-3", new CategoryBody("Tech")));
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(again.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(count("categories")).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirCaller() {
        String token = token();
        signUp("other@example.com");
        String other = logIn("other@example.com");
        var mine = created(post(http, "/articles", token, "shared", HELLO));
        var theirs = created(post(http, "/articles", other, "shared", HELLO));
        assertThat(article(theirs).id()).isNotEqualTo(article(mine).id());
        assertThat(count("articles")).isEqualTo(2);
    }

    @Test
    void twoInstancesShareTheKeys() {
        String token = token();
        var first = created(post(http, "/articles", token, "order-5", HELLO));
        try (ApiInstance second = ApiInstance.start()) {
            WebTestClient client = second.client(contract);
            var replayed = created(post(client, "/articles", token, "order-5", HELLO));
            assertThat(replayed.getResponseBody()).isEqualTo(first.getResponseBody());
            assertThat(replayed.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
            problem(post(client, "/articles", token, "order-5", new ArticleBody("Other", "World", null)).expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));

            var onSecond = created(post(client, "/articles", token, "order-6", HELLO));
            var onFirst = created(post(http, "/articles", token, "order-6", HELLO));
            assertThat(onFirst.getResponseBody()).isEqualTo(onSecond.getResponseBody());
        }
        assertThat(count("articles")).isEqualTo(2);
    }

    @Test
    void aKeyOlderThanTheRetentionNoLongerReplaysAndIsPruned() {
        String token = token();
        var first = created(post(http, "/articles", token, "old", HELLO));
        db.sql("UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 second'").then().block();

        var fresh = created(post(http, "/articles", token, "old", new ArticleBody("Other", "World", null)));
        assertThat(article(fresh).id()).as("an expired key is a new key").isNotEqualTo(article(first).id());
        assertThat(created(post(http, "/articles", token, "old", new ArticleBody("Other", "World", null)))
            .getResponseBody()).isEqualTo(fresh.getResponseBody());
        assertThat(count("articles")).isEqualTo(2);

        created(post(http, "/articles", token, "kept", HELLO));
        db.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'").then().block();
        assertThat(creates.prune().block()).isEqualTo(1);
        assertThat(db.sql("SELECT key FROM idempotency_keys")
            .map(r -> r.get("key", String.class))
            .all()
            .collectList()
            .block()).containsExactly("kept");
    }

    @Test
    void replayedHeadersAreTheStoredOnes() {
        String token = token();
        var first = created(post(http, "/articles", token, "order-7", HELLO));
        String stored = db.sql("SELECT array_to_string(header_names, ',') AS names FROM idempotency_keys")
            .map(r -> r.get("names", String.class))
            .one()
            .block();
        assertThat(stored).contains(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE);
        byte[] body = db.sql("SELECT body FROM idempotency_keys").map(r -> r.get("body", byte[].class)).one().block();
        assertThat(new String(body, StandardCharsets.UTF_8))
            .isEqualTo(new String(first.getResponseBody(), StandardCharsets.UTF_8));
    }

}
