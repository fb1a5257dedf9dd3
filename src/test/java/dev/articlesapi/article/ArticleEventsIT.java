package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /articles/events: live, ordered, resumable, on every instance, through listener
 * failures.
 */
class ArticleEventsIT extends ApiTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Text that JSON writers escape differently unless they agree on every rule. */
    private static final String AWKWARD_TITLE = "Quotes \" and \\ / <tags> \u00e9 \u2028 \ud83d\ude00 \u007f";

    private static final String AWKWARD_CONTENT = "Lines\nand\ttabs\r\b\f \u0001 \u000b \u001f \u001a end";

    @Autowired
    private JsonMapper json;

    private String token;

    @BeforeEach
    void author() {
        db.sql("TRUNCATE article_events RESTART IDENTITY").then().block();
        signUp("ann@example.com");
        token = logIn("ann@example.com");
    }

    /**
     * The events (heartbeat comments left out) of a fresh subscription to the given
     * server.
     */
    private static Flux<ServerSentEvent<String>> events(WebTestClient client, String lastEventId) {
        var spec = client.get().uri("/articles/events").accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        return spec.exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
            .returnResult(SSE)
            .getResponseBody()
            .filter(e -> e.event() != null);
    }

    private void patchTitle(long id, String title) {
        http.patch()
            .uri("/articles/" + id)
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(ArticlePatchBody.title(title))
            .exchange()
            .expectStatus()
            .isOk();
    }

    @Autowired
    private ArticleEventStream eventStream;

    @Test
    void streamsOpenedAfterTheEventsWereStoppedAndStartedAgainStillDeliver() {
        // a stopped context (Spring pauses idle test contexts) ends the open streams;
        // started again, it serves anew
        eventStream.stop();
        eventStream.start();
        // only this article's event: the event ids restart with each test's truncation,
        // so an event of the previous test still on its way may pass for a new one
        StepVerifier.create(events(http, null).filter(e -> e.data().contains("\"title\":\"After a restart\"")))
            .then(() -> createArticle(token, "After a restart"))
            .expectNextCount(1)
            .thenCancel()
            .verify(WAIT);
    }

    @Test
    void createdUpdatedAndDeletedArriveInOrderWithIncreasingIds() {
        long category = createCategory("Tech");
        StepVerifier.create(events(http, null)).then(() -> {
            long id = createArticle(token, "Live");
            patchTitle(id, "Live 2");
            http.put()
                .uri("/articles/" + id + "/categories/" + category)
                .headers(bearer(token))
                .exchange()
                .expectStatus()
                .isNoContent();
            http.delete().uri("/articles/" + id).headers(bearer(token)).exchange().expectStatus().isNoContent();
        }).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-created");
            assertThat(e.id()).isEqualTo("1");
            assertThat(e.data()).contains("\"title\":\"Live\"")
                .contains("\"categoryIds\":[]")
                .contains("\"authorId\":2");
        }).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-updated");
            assertThat(e.id()).isEqualTo("2");
            assertThat(e.data()).contains("\"title\":\"Live 2\"");
        }).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-updated");
            assertThat(e.id()).isEqualTo("3");
            assertThat(e.data()).contains("\"categoryIds\":[" + category + "]");
        }).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-deleted");
            assertThat(e.id()).isEqualTo("4");
            assertThat(e.data()).isEqualTo("{\"id\":1}");
        }).thenCancel().verify(WAIT);
    }

    @Test
    void createdEventDataIsTheResponseBodyOfTheCreation() {
        long tech = createCategory("Tech");
        long art = createCategory("Art");
        String body = http.post()
            .uri("/articles")
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticleBody(AWKWARD_TITLE, AWKWARD_CONTENT, List.of(art, tech, art)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        StepVerifier.create(events(http, "0")).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-created");
            assertThat(e.data()).isEqualTo(body);
        }).thenCancel().verify(WAIT);
    }

    @Test
    void updatedEventDataIsTheResponseBodyOfTheChange() {
        long tech = createCategory("Tech");
        long art = createCategory("Art");
        long id = createArticle(token, "Plain", tech);
        String replaced = send("PUT", "/articles/" + id, token,
                new ArticleBody(AWKWARD_TITLE, AWKWARD_CONTENT, List.of(art, tech, art)))
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        String patched = send("PATCH", "/articles/" + id, token, ArticlePatchBody.content(AWKWARD_TITLE)).expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        StepVerifier.create(events(http, "1")).assertNext(e -> {
            assertThat(e.event()).isEqualTo("article-updated");
            assertThat(e.data()).isEqualTo(replaced);
        }).assertNext(e -> assertThat(e.data()).isEqualTo(patched)).thenCancel().verify(WAIT);
    }

    @Test
    void instantsInEventPayloadsAreWrittenAsTheApiWritesThem() {
        for (String text : List.of("2026-11-23T15:31:32Z", "2026-11-23T15:31:32.500Z", "2026-11-23T15:31:32.000500Z",
                "2026-11-23T15:31:32.557054Z", "2026-11-23T15:31:32.557Z", "1999-01-01T00:00:00.000001Z")) {
            Instant instant = Instant.parse(text);
            String inSql = db.sql("SELECT json_instant(:t) AS s")
                .bind("t", instant)
                .map(r -> r.get("s", String.class))
                .one()
                .block();
            assertThat("\"" + inSql + "\"").as(text).isEqualTo(json.writeValueAsString(instant));
        }
    }

    @Test
    void creatingAnArticleIsOneStatementWithoutATransaction() {
        long tech = createCategory("Tech");
        statements.reset();
        createArticle(token, "One", tech);
        // the caller's user row, then the article, its links and its event together. The
        // event poller is not the
        // request's: it runs on for two seconds after an earlier test's subscriber left,
        // and reads the new event
        assertThat(statements.queries())
            .filteredOn(sql -> !sql.contains("payload::text AS payload FROM article_events"))
            .hasSize(2);
        assertThat(statements.transactions()).isZero();
    }

    @Test
    void deletingACategoryUpdatesItsArticles() {
        long tech = createCategory("Tech");
        long a = createArticle(token, "A", tech);
        long b = createArticle(token, "B", tech);
        StepVerifier.create(events(http, "2"))
            .then(() -> http.delete()
                .uri("/categories/" + tech)
                .headers(bearer(adminToken()))
                .exchange()
                .expectStatus()
                .isNoContent())
            .assertNext(e -> assertThat(e.data()).contains("\"id\":" + a + ",").contains("\"categoryIds\":[]"))
            .assertNext(e -> assertThat(e.data()).contains("\"id\":" + b + ",").contains("\"categoryIds\":[]"))
            .thenCancel()
            .verify(WAIT);
    }

    @Test
    void rejectedChangesMakeNoEvent() {
        long id = createArticle(token, "Mine");
        signUp("bob@example.com");
        http.patch()
            .uri("/articles/" + id)
            .headers(bearer(logIn("bob@example.com")))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(ArticlePatchBody.title("Hacked"))
            .exchange()
            .expectStatus()
            .isForbidden();
        http.post()
            .uri("/articles")
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticleBody("T", "C", List.of(99L)))
            .exchange()
            .expectStatus()
            .isBadRequest();
        assertThat(count("article_events")).isEqualTo(1);
    }

    @Test
    void resumingWithLastEventIdYieldsExactlyTheMissedEvents() {
        long id = createArticle(token, "One");
        for (int i = 2; i <= 5; i++) {
            patchTitle(id, "Title " + i);
        }
        StepVerifier.create(events(http, "2"))
            .assertNext(e -> assertThat(e.id()).isEqualTo("3"))
            .assertNext(e -> assertThat(e.id()).isEqualTo("4"))
            .assertNext(e -> {
                assertThat(e.id()).isEqualTo("5");
                assertThat(e.data()).contains("Title 5");
            })
            .then(() -> patchTitle(id, "Title 6"))
            .assertNext(e -> {
                assertThat(e.id()).isEqualTo("6");
                assertThat(e.data()).contains("Title 6");
            })
            .thenCancel()
            .verify(WAIT);
    }

    @Test
    void lastEventIdMustBeAnId() {
        http.get()
            .uri("/articles/events")
            .header("Last-Event-ID", "abc")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anotherInstanceOnTheSameDatabaseDeliversTheEventToo() {
        try (var other = ApiInstance.start()) {
            StepVerifier.create(events(other.client(contract), null))
                .then(() -> createArticle(token, "Made on the first instance"))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("article-created");
                    assertThat(e.data()).contains("Made on the first instance");
                })
                .thenCancel()
                .verify(WAIT);
        }
    }

    @Test
    void listenerRecoversAfterItsConnectionIsTerminatedAndMissedEventsArrive() {
        StepVerifier.create(events(http, null))
            .then(() -> createArticle(token, "Before"))
            .assertNext(e -> assertThat(e.data()).contains("Before"))
            .then(() -> {
                long killed = db.sql("""
                        SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                        WHERE query = 'LISTEN article_events' AND pid <> pg_backend_pid()""")
                    .map(r -> r.get("n", Long.class))
                    .one()
                    .block();
                assertThat(killed).isPositive();
                createArticle(token, "While reconnecting");
            })
            .assertNext(e -> assertThat(e.data()).contains("While reconnecting"))
            .then(() -> createArticle(token, "After"))
            .assertNext(e -> assertThat(e.data()).contains("After"))
            .thenCancel()
            .verify(WAIT);
    }

}
