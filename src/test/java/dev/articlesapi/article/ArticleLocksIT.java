package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lock order of {@link ArticleLocks}: category writes and article writes on the same
 * rows, at the same time, never deadlock (PostgreSQL would abort one of them: a 503), and
 * the events stay true to the rows.
 */
class ArticleLocksIT extends ApiTest {

    @Autowired
    private JsonMapper json;

    private String admin;

    private String ann;

    @BeforeEach
    void users() {
        db.sql("TRUNCATE article_events RESTART IDENTITY").then().block();
        admin = adminToken();
        signUp("ann@example.com");
        ann = logIn("ann@example.com");
    }

    @Test
    void theCounterTriggersTakeTheEventLogLockOfTheLockOrder() {
        for (String trigger : List.of("article_count_inserted", "article_count_deleted", "article_count_truncated")) {
            String source = db.sql("SELECT prosrc FROM pg_proc WHERE proname = :name")
                .bind("name", trigger)
                .map(r -> r.get("prosrc", String.class))
                .one()
                .block();
            assertThat(source).as(trigger).contains("PERFORM " + ArticleLocks.EVENT_LOG + ";");
        }
    }

    @Test
    void replaceNamingACategoryBeingDeletedWaitsForTheCategoryBeforeItLocksTheArticle() {
        writeNamingACategoryBeingDeleted((article,
                category) -> send("PUT", "/articles/" + article, ann, new ArticleBody("T", "C", List.of(category)))
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Unknown category ids: " + category));
    }

    @Test
    void linkNamingACategoryBeingDeletedWaitsForTheCategoryBeforeItLocksTheArticle() {
        writeNamingACategoryBeingDeleted(
                (article, category) -> send("PUT", "/articles/" + article + "/categories/" + category, ann, null)
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("Category " + category + " not found"));
    }

    /**
     * The category's deletion holds the category and waits for an article linked to it
     * (held here); a write that links another article to that category must then wait for
     * the category without holding its article. Had it locked its article first, it would
     * take the event log's lock in its statement and then wait for the category at that
     * statement's foreign key check, while the deletion waits for the event log's lock: a
     * deadlock.
     */
    private void writeNamingACategoryBeingDeleted(BiConsumer<Long, Long> write) {
        long tech = createCategory("Tech");
        long held = createArticle(ann, "Held", tech);
        long other = createArticle(ann, "Other");
        Connection blocker = Mono.from(db.getConnectionFactory().create()).block();
        Connection probe = Mono.from(db.getConnectionFactory().create()).block();
        CompletableFuture<Void> deleted;
        CompletableFuture<Void> written;
        try {
            Mono.from(blocker.beginTransaction()).block();
            runOn(blocker, "SELECT id FROM articles WHERE id = " + held + " FOR UPDATE");
            deleted = inBackground(() -> http.delete()
                .uri("/categories/" + tech)
                .headers(bearer(admin))
                .exchange()
                .expectStatus()
                .isNoContent());
            awaitLockWaiters(1);
            written = inBackground(() -> write.accept(other, tech));
            awaitLockWaiters(2);
            Mono.from(probe.beginTransaction()).block();
            assertThat(runOn(probe, "SELECT id FROM articles WHERE id = " + other + " FOR UPDATE NOWAIT"))
                .as("the waiting write holds no lock on its article")
                .isEqualTo(other);
            Mono.from(probe.rollbackTransaction()).block();
            Mono.from(blocker.commitTransaction()).block();
            deleted.join();
            written.join();
        }
        finally {
            Mono.from(blocker.close()).block();
            Mono.from(probe.close()).block();
        }
        assertThat(count("categories")).isZero();
        assertThat(count("categories_articles")).isZero();
        assertEventsAreTrueToTheRows();
    }

    private static CompletableFuture<Void> inBackground(Runnable request) {
        return Mono.fromRunnable(request).subscribeOn(Schedulers.boundedElastic()).then().toFuture();
    }

    /**
     * Rounds of category deletions racing replacements, patches, links, unlinks and
     * deletions of the articles linked to them: every request gets its answer (none a
     * 5xx: a deadlock would be a 503), no link to a deleted category remains, and each
     * article's last event is exactly its row as the API writes it.
     */
    @Test
    void categoryAndArticleWritesOnTheSameRowsInParallelNeverDeadlock() {
        Random random = new Random(42);
        WebClient client = WebClient.create("http://localhost:" + port);
        for (int round = 0; round < 4; round++) {
            List<Long> categories = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                categories.add(createCategory("R" + round + "C" + i));
            }
            List<Long> articles = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                articles.add(createArticle(ann, "R" + round + "A" + i, pick(random, categories).toArray(Long[]::new)));
            }
            List<Function<WebClient, Mono<Integer>>> requests = new ArrayList<>();
            for (long category : categories.subList(0, 3)) {
                requests.add(c -> status(c, HttpMethod.DELETE, "/categories/" + category, admin, null));
            }
            for (long article : articles) {
                var body = new ArticleBody("T" + article, "C", pick(random, categories));
                requests.add(c -> status(c, HttpMethod.PUT, "/articles/" + article, ann, body));
                requests.add(c -> status(c, HttpMethod.PATCH, "/articles/" + article, ann,
                        ArticlePatchBody.categoryIds(pick(random, categories))));
                long category = categories.get(random.nextInt(categories.size()));
                requests
                    .add(c -> status(c, HttpMethod.PUT, "/articles/" + article + "/categories/" + category, ann, null));
                requests.add(c -> status(c, HttpMethod.DELETE, "/articles/" + article + "/categories/" + category, ann,
                        null));
            }
            requests.add(c -> status(c, HttpMethod.DELETE, "/articles/" + articles.get(0), ann, null));
            Collections.shuffle(requests, random);
            List<Integer> statuses = Flux.fromIterable(requests)
                .flatMap(r -> r.apply(client), 16)
                .collectList()
                .block(Duration.ofSeconds(60));
            assertThat(statuses).hasSize(requests.size()).allMatch(s -> s < 500, "no 5xx");
            assertThat(db.sql("""
                    SELECT count(*) AS n FROM categories_articles ca
                    WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = ca.category_id)""")
                .map(r -> r.get("n", Long.class))
                .one()
                .block()).isZero();
        }
        assertEventsAreTrueToTheRows();
    }

    private static List<Long> pick(Random random, List<Long> from) {
        List<Long> picked = new ArrayList<>();
        for (long id : from) {
            if (random.nextBoolean()) {
                picked.add(id);
            }
        }
        return picked;
    }

    private static Mono<Integer> status(WebClient client, HttpMethod method, String uri, String token, Object body) {
        var request = client.method(method).uri(uri).headers(bearer(token));
        var ready = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return ready.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
    }

    /**
     * Each article's last event is its row, byte for byte as the API writes it; a deleted
     * one's is its deletion.
     */
    private void assertEventsAreTrueToTheRows() {
        Map<Long, String> last = new HashMap<>();
        db.sql("""
                SELECT DISTINCT ON (article_id) article_id, type || ' ' || payload::text AS event
                FROM article_events ORDER BY article_id, id DESC""")
            .map(r -> Map.entry(r.get("article_id", Long.class), r.get("event", String.class)))
            .all()
            .doOnNext(e -> last.put(e.getKey(), e.getValue()))
            .blockLast();
        Map<Long, String> rows = new HashMap<>();
        db.sql("""
                SELECT %s, ARRAY(SELECT ca.category_id FROM categories_articles ca
                                 WHERE ca.article_id = a.id ORDER BY ca.category_id) AS category_ids
                FROM articles a""".formatted(ArticleRows.COLUMNS))
            .map(ArticleRows::withCategoryIds)
            .all()
            .doOnNext(a -> rows.put(a.id(), json.writeValueAsString(a)))
            .blockLast();
        assertThat(last).isNotEmpty();
        last.forEach((id, event) -> {
            if (rows.containsKey(id)) {
                assertThat(event).as("article " + id)
                    .isIn("article-created " + rows.get(id), "article-updated " + rows.get(id));
            }
            else {
                assertThat(event).as("article " + id).isEqualTo("article-deleted {\"id\":" + id + "}");
            }
        });
    }

}
