package dev.articlesapi.category;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.Article;
import dev.articlesapi.support.Category;
import dev.articlesapi.support.CategoryBody;
import dev.articlesapi.support.CategoryDetails;
import io.r2dbc.spi.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class CategoryIT extends ApiTest {

    private String admin;

    private String user;

    @BeforeEach
    void tokens() {
        admin = adminToken();
        signUp("ann@example.com");
        user = logIn("ann@example.com");
    }

    private WebTestClient.ResponseSpec post(String token, Object body) {
        var spec = http.post().uri("/categories");
        if (token != null) {
            spec = spec.headers(bearer(token));
        }
        return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec put(String token, String id, Object body) {
        var spec = http.put().uri("/categories/" + id);
        if (token != null) {
            spec = spec.headers(bearer(token));
        }
        return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void createByAdminThenCreatedWithLocationAndTrimmedName() {
        post(admin, new CategoryBody("  Tech  ")).expectStatus()
            .isCreated()
            .expectHeader()
            .location("/categories/1")
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(1)
            .jsonPath("$.name")
            .isEqualTo("Tech");
    }

    @Test
    void createWhenNotAdminOrSignedOutThenForbiddenOrUnauthorized() {
        post(user, new CategoryBody("Tech")).expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(null, new CategoryBody("Tech")).expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("categories")).isZero();
    }

    @Test
    void createWhenInvalidThenBadRequest() {
        post(admin, new CategoryBody("   ")).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("name");
        post(admin, new CategoryBody("n".repeat(101))).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("name");
        post(admin, Map.of("name", 12)).expectStatus()
            .isBadRequest() // a number, which a record cannot send
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("name");
        post(admin, new CategoryBody(null)).expectStatus().isBadRequest();
        assertThat(count("categories")).isZero();
    }

    @Test
    void createWhenNameTakenAfterTrimmingThenConflict() {
        createCategory("Tech");
        post(admin, new CategoryBody(" Tech ")).expectStatus()
            .isEqualTo(HttpStatus.CONFLICT)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("A category named 'Tech' already exists");
        assertThat(count("categories")).isEqualTo(1);
    }

    @Test
    void listIsPublicAndSortedById() {
        createCategory("Zeta");
        createCategory("Alpha");
        http.get()
            .uri("/categories")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.length()")
            .isEqualTo(2)
            .jsonPath("$[0].id")
            .isEqualTo(1)
            .jsonPath("$[0].name")
            .isEqualTo("Zeta")
            .jsonPath("$[1].id")
            .isEqualTo(2)
            .jsonPath("$[1].name")
            .isEqualTo("Alpha");
    }

    @Test
    void detailsThenCategoryWithItsArticlesSortedById() {
        long tech = createCategory("Tech");
        long other = createCategory("Other");
        long first = createArticle(user, "First", tech);
        createArticle(user, "Unrelated", other);
        long third = createArticle(user, "Third", other, tech);
        CategoryDetails details = category(tech);
        assertThat(details.id()).isEqualTo(tech);
        assertThat(details.name()).isEqualTo("Tech");
        assertThat(details.articles()).extracting(Article::id).containsExactly(first, third);
        assertThat(details.articles().get(1).title()).isEqualTo("Third");
        assertThat(details.articles().get(1).authorId()).isEqualTo(2);
    }

    @Test
    void detailsWhenNoArticlesThenEmptyList() {
        long tech = createCategory("Tech");
        assertThat(category(tech).articles()).isEmpty();
    }

    @Test
    void detailsWhenMissingOrBadIdThenNotFoundOrBadRequest() {
        http.get()
            .uri("/categories/9")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Category 9 not found");
        http.get().uri("/categories/x").exchange().expectStatus().isBadRequest();
    }

    @Test
    void detailsSendsOneStatementForZeroOrFiveHundredArticles() {
        long empty = createCategory("Empty");
        long full = createCategory("Full");
        db.sql("INSERT INTO articles (title, content, author_id) SELECT 'T' || g, 'C', 1 FROM generate_series(1, 500) g")
            .then()
            .block();
        db.sql("INSERT INTO categories_articles (category_id, article_id) SELECT :c, id FROM articles")
            .bind("c", full)
            .then()
            .block();
        statements.reset();
        http.get()
            .uri("/categories/" + empty)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.articles.length()")
            .isEqualTo(0);
        int forEmpty = statements.count();
        statements.reset();
        http.get()
            .uri("/categories/" + full)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.articles.length()")
            .isEqualTo(500)
            .jsonPath("$.articles[499].title")
            .isEqualTo("T500");
        assertThat(statements.count()).isEqualTo(forEmpty).isEqualTo(1);
    }

    @Test
    void renameByAdminThenOk() {
        long id = createCategory("Tech");
        put(admin, String.valueOf(id), new CategoryBody(" Science ")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(id)
            .jsonPath("$.name")
            .isEqualTo("Science");
        http.get().uri("/categories").exchange().expectBody().jsonPath("$[0].name").isEqualTo("Science");
    }

    @Test
    void renameErrors() {
        long id = createCategory("Tech");
        createCategory("Science");
        put(admin, String.valueOf(id), new CategoryBody("Science")).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        put(admin, "99", new CategoryBody("New")).expectStatus().isNotFound();
        put(admin, "abc", new CategoryBody("New")).expectStatus().isBadRequest();
        put(admin, String.valueOf(id), new CategoryBody("")).expectStatus().isBadRequest();
        put(user, String.valueOf(id), new CategoryBody("New")).expectStatus().isForbidden();
        put(null, String.valueOf(id), new CategoryBody("New")).expectStatus().isUnauthorized();
        http.get().uri("/categories/" + id).exchange().expectBody().jsonPath("$.name").isEqualTo("Tech");
    }

    @Test
    void deleteByAdminThenLinksGoAndArticlesStay() {
        long tech = createCategory("Tech");
        long other = createCategory("Other");
        long article = createArticle(user, "A", tech, other);
        http.delete().uri("/categories/" + tech).headers(bearer(admin)).exchange().expectStatus().isNoContent();
        http.get().uri("/categories/" + tech).exchange().expectStatus().isNotFound();
        http.get()
            .uri("/articles/" + article)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categories.length()")
            .isEqualTo(1)
            .jsonPath("$.categories[0].id")
            .isEqualTo(other);
        assertThat(count("categories_articles")).isEqualTo(1);
    }

    /**
     * A creation naming the category holds it (key share) while it queues for the event
     * log's lock; the deletion waits for it, and must then see the new article's link:
     * the article is touched and gets its update event.
     */
    @Test
    void deleteWaitingForACreationNamingItUpdatesTheNewArticleToo() {
        long tech = post(admin, new CategoryBody("Tech")).expectStatus()
            .isCreated()
            .expectBody(Category.class)
            .returnResult()
            .getResponseBody()
            .id();
        Connection events = Mono.from(db.getConnectionFactory().create()).block();
        CompletableFuture<Long> created;
        CompletableFuture<Void> deleted;
        try {
            Mono.from(events.beginTransaction()).block();
            runOn(events, "SELECT pg_advisory_xact_lock(hashtext('article_events'))");
            created = Mono.fromCallable(() -> createArticle(user, "Linked meanwhile", tech))
                .subscribeOn(Schedulers.boundedElastic())
                .toFuture();
            awaitLockWaiters(1);
            deleted = Mono
                .fromRunnable(() -> http.delete()
                    .uri("/categories/" + tech)
                    .headers(bearer(admin))
                    .exchange()
                    .expectStatus()
                    .isNoContent())
                .subscribeOn(Schedulers.boundedElastic())
                .then()
                .toFuture();
            awaitLockWaiters(2);
            Mono.from(events.commitTransaction()).block();
        }
        finally {
            Mono.from(events.close()).block();
        }
        long article = created.join();
        deleted.join();
        http.get()
            .uri("/articles/" + article)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categories.length()")
            .isEqualTo(0);
        String last = db.sql("SELECT type || ' ' || payload::text AS e FROM article_events ORDER BY id DESC LIMIT 1")
            .map(r -> r.get("e", String.class))
            .one()
            .block();
        assertThat(last).startsWith("article-updated {\"id\":" + article + ",").contains("\"categoryIds\":[]");
    }

    /**
     * An article's deletion locks the article, then deletes its links; the category's
     * deletion must not hold one of those links while it waits for the article (the two
     * would deadlock, and PostgreSQL would abort one).
     */
    @Test
    void deleteRacingTheDeletionOfOneOfItsArticlesCompletesBoth() {
        long tech = post(admin, new CategoryBody("Tech")).expectStatus()
            .isCreated()
            .expectBody(Category.class)
            .returnResult()
            .getResponseBody()
            .id();
        long article = createArticle(user, "Doomed", tech);
        Connection articleDeletion = Mono.from(db.getConnectionFactory().create()).block();
        CompletableFuture<Void> deleted;
        try {
            Mono.from(articleDeletion.beginTransaction()).block();
            runOn(articleDeletion, "SELECT id FROM articles WHERE id = " + article + " FOR UPDATE");
            deleted = Mono
                .fromRunnable(() -> http.delete()
                    .uri("/categories/" + tech)
                    .headers(bearer(admin))
                    .exchange()
                    .expectStatus()
                    .isNoContent())
                .subscribeOn(Schedulers.boundedElastic())
                .then()
                .toFuture();
            awaitLockWaiters(1);
            runOn(articleDeletion, "DELETE FROM articles WHERE id = " + article);
            Mono.from(articleDeletion.commitTransaction()).block();
        }
        finally {
            Mono.from(articleDeletion.close()).block();
        }
        deleted.join();
        assertThat(count("articles")).isZero();
        assertThat(count("categories")).isZero();
    }

    @Test
    void deleteErrors() {
        long id = createCategory("Tech");
        http.delete().uri("/categories/" + id).headers(bearer(user)).exchange().expectStatus().isForbidden();
        http.delete().uri("/categories/" + id).exchange().expectStatus().isUnauthorized();
        http.delete().uri("/categories/77").headers(bearer(admin)).exchange().expectStatus().isNotFound();
        http.delete().uri("/categories/0").headers(bearer(admin)).exchange().expectStatus().isBadRequest();
        assertThat(count("categories")).isEqualTo(1);
    }

}
