package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.Category;
import dev.articlesapi.web.ApiException;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The article-category many-to-many, from the article side. */
class ArticleCategoriesIT extends ApiTest {

    @Autowired
    private ArticleRepository articles;

    private String ann;

    private String bob;

    private long c1;

    private long c2;

    private long c3;

    private long c4;

    @BeforeEach
    void categoriesAndAuthors() {
        c1 = createCategory("One");
        c2 = createCategory("Two");
        c3 = createCategory("Three");
        c4 = createCategory("Four");
        signUp("ann@example.com");
        signUp("bob@example.com");
        ann = logIn("ann@example.com");
        bob = logIn("bob@example.com");
    }

    private List<Long> categoriesOf(long article) {
        return article(article).categories().stream().map(Category::id).toList();
    }

    /**
     * A category deletion locks the category's row, then appends its events under the
     * event log's lock. A creation naming that category must wait for the row before it
     * takes the event log's lock; the other way round, the two would deadlock and
     * PostgreSQL would abort one of them.
     */
    @Test
    void createNamingACategoryBeingDeletedWaitsWithoutTheEventLockThenNamesItUnknown() {
        Connection deletion = Mono.from(db.getConnectionFactory().create()).block();
        try {
            Mono.from(deletion.beginTransaction()).block();
            runOn(deletion, "DELETE FROM categories WHERE id = " + c2);
            var created = Mono
                .fromCallable(
                        () -> send("POST", "/articles", ann, new ArticleBody("T", "C", List.of(c1, c2))).expectStatus()
                            .isBadRequest()
                            .expectBody()
                            .jsonPath("$.detail")
                            .isEqualTo("Unknown category ids: " + c2))
                .subscribeOn(Schedulers.boundedElastic())
                .toFuture();
            awaitLockWaiters(1);
            assertThat(runOn(deletion, "SELECT pg_try_advisory_xact_lock(hashtext('article_events'))"))
                .as("the waiting creation holds no event log lock")
                .isEqualTo(true);
            Mono.from(deletion.commitTransaction()).block();
            created.join();
        }
        finally {
            Mono.from(deletion.close()).block();
        }
        assertThat(count("articles")).isZero();
    }

    /**
     * The author's row is gone between the token check and the write (a concurrent
     * account deletion).
     */
    @Test
    void insertForAnAuthorWhoNoLongerExistsWritesNothingAndIsUnauthorized() {
        StepVerifier.create(articles.insert(999, new ArticleRequest("T", "C", List.of(c1)))).expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(ApiException.class);
            assertThat(((ApiException) e).getStatusCode().value()).isEqualTo(401);
            assertThat(((ApiException) e).getBody().getDetail()).isEqualTo("The signed-in user no longer exists");
        }).verify();
        assertThat(count("articles")).isZero();
        assertThat(count("categories_articles")).isZero();
    }

    @Test
    void createWithCategoriesThenLinkedAndIdsSorted() {
        send("POST", "/articles", ann, new ArticleBody("T", "C", List.of(c3, c1, c3))).expectStatus()
            .isCreated()
            .expectBody()
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(2)
            .jsonPath("$.categoryIds[0]")
            .isEqualTo(c1)
            .jsonPath("$.categoryIds[1]")
            .isEqualTo(c3);
        assertThat(categoriesOf(1)).containsExactly(c1, c3);
        assertThat(count("categories_articles")).isEqualTo(2);
    }

    @Test
    void createWhenCategoryUnknownThenBadRequestNamingThemAndNothingWritten() {
        createArticle(ann, "Existing");
        String before = http.get()
            .uri("/articles?authorId=2")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(problem(
                send("POST", "/articles", ann, new ArticleBody("T", "C", List.of(99L, c1, 98L, 99L))).expectStatus()
                    .isBadRequest())
            .detail()).isEqualTo("Unknown category ids: 98, 99");
        String after = http.get()
            .uri("/articles?authorId=2")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(after).isEqualTo(before);
        assertThat(count("articles")).isEqualTo(1);
        assertThat(count("categories_articles")).isZero();
    }

    @Test
    void detailsCategoriesSortedAndSameStatementCountForZeroOneOrFour() {
        long none = createArticle(ann, "None");
        long one = createArticle(ann, "One", c2);
        long four = createArticle(ann, "Four", c4, c2, c1, c3);
        List<Integer> counts = new ArrayList<>();
        for (long id : new long[] { none, one, four }) {
            statements.reset();
            categoriesOf(id);
            counts.add(statements.count());
        }
        assertThat(counts).containsExactly(1, 1, 1);
        assertThat(categoriesOf(four)).containsExactly(c1, c2, c3, c4);
        http.get()
            .uri("/articles/" + four)
            .exchange()
            .expectBody()
            .jsonPath("$.categories[*].name")
            .isEqualTo(List.of("One", "Two", "Three", "Four"));
    }

    @Test
    void replaceMakesTheSetExactlyTheRequestedOne() {
        long id = createArticle(ann, "A", c1, c2);
        send("PUT", "/articles/" + id, ann, new ArticleBody("A", "C", List.of(c3, c2, c3))).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(2)
            .jsonPath("$.categoryIds[0]")
            .isEqualTo(c2)
            .jsonPath("$.categoryIds[1]")
            .isEqualTo(c3);
        assertThat(categoriesOf(id)).containsExactly(c2, c3);
        send("PUT", "/articles/" + id, ann, new ArticleBody("A", "C")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(0);
        assertThat(categoriesOf(id)).isEmpty();
    }

    @Test
    void replaceWhenCategoryUnknownThenBadRequestAndUnchanged() {
        long id = createArticle(ann, "A", c1);
        send("PUT", "/articles/" + id, ann, new ArticleBody("New", "C", List.of(c2, 77L))).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Unknown category ids: 77");
        assertThat(categoriesOf(id)).containsExactly(c1);
        http.get().uri("/articles/" + id).exchange().expectBody().jsonPath("$.title").isEqualTo("A");
    }

    @Test
    void patchWithoutCategoryIdsKeepsTheSetAndWithThemReplacesIt() {
        long id = createArticle(ann, "A", c1, c4);
        send("PATCH", "/articles/" + id, ann, ArticlePatchBody.title("B")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categoryIds[0]")
            .isEqualTo(c1)
            .jsonPath("$.categoryIds[1]")
            .isEqualTo(c4);
        assertThat(categoriesOf(id)).containsExactly(c1, c4);
        send("PATCH", "/articles/" + id, ann, ArticlePatchBody.categoryIds(List.of(c2))).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("B")
            .jsonPath("$.categoryIds[0]")
            .isEqualTo(c2);
        assertThat(categoriesOf(id)).containsExactly(c2);
        send("PATCH", "/articles/" + id, ann, ArticlePatchBody.categoryIds(List.of())).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(0);
        send("PATCH", "/articles/" + id, ann, ArticlePatchBody.categoryIds(List.of(55L))).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Unknown category ids: 55");
    }

    @Test
    void linkAndUnlinkOneCategoryIdempotently() {
        long id = createArticle(ann, "A", c1);
        send("PUT", "/articles/" + id + "/categories/" + c3, ann, null).expectStatus().isNoContent();
        send("PUT", "/articles/" + id + "/categories/" + c3, ann, null).expectStatus().isNoContent();
        assertThat(categoriesOf(id)).containsExactly(c1, c3);
        send("DELETE", "/articles/" + id + "/categories/" + c1, ann, null).expectStatus().isNoContent();
        send("DELETE", "/articles/" + id + "/categories/" + c1, ann, null).expectStatus().isNoContent();
        assertThat(categoriesOf(id)).containsExactly(c3);
        send("PUT", "/articles/" + id + "/categories/" + c2, adminToken(), null).expectStatus().isNoContent();
        assertThat(categoriesOf(id)).containsExactly(c2, c3);
    }

    @Test
    void linkErrors() {
        long id = createArticle(ann, "A", c1);
        send("PUT", "/articles/" + id + "/categories/" + c2, bob, null).expectStatus().isForbidden();
        send("DELETE", "/articles/" + id + "/categories/" + c1, bob, null).expectStatus().isForbidden();
        send("PUT", "/articles/" + id + "/categories/" + c2, null, null).expectStatus().isUnauthorized();
        send("PUT", "/articles/" + id + "/categories/404", ann, null).expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Category 404 not found");
        send("PUT", "/articles/999/categories/" + c2, ann, null).expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Article 999 not found");
        send("PUT", "/articles/" + id + "/categories/x", ann, null).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("categoryId");
        assertThat(categoriesOf(id)).containsExactly(c1);
    }

    @Test
    void deleteArticleWithCategoriesThenLinksGoAndCategoriesStay() {
        long id = createArticle(ann, "A", c1, c2, c3);
        send("DELETE", "/articles/" + id, ann, null).expectStatus().isNoContent();
        assertThat(count("categories_articles")).isZero();
        assertThat(count("categories")).isEqualTo(4);
        http.get().uri("/categories/" + c1).exchange().expectBody().jsonPath("$.articles.length()").isEqualTo(0);
    }

    @Test
    void listByCategoryAndByCategoryAndAuthor() {
        long a1 = createArticle(ann, "Ann in one", c1);
        createArticle(ann, "Ann in two", c2);
        long b1 = createArticle(bob, "Bob in one", c1, c2);
        http.get()
            .uri("/articles?categoryId=" + c1)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.count")
            .isEqualTo(2)
            .jsonPath("$.items[0].id")
            .isEqualTo(a1)
            .jsonPath("$.items[1].id")
            .isEqualTo(b1);
        http.get()
            .uri("/articles?categoryId=" + c1 + "&authorId=3")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.count")
            .isEqualTo(1)
            .jsonPath("$.items[0].id")
            .isEqualTo(b1);
        http.get()
            .uri("/articles?categoryId=" + c4)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.count")
            .isEqualTo(0);
        http.get()
            .uri("/articles?categoryId=zero")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("categoryId");
    }

    @Test
    void twentyConcurrentReplacementsLeaveExactlyOneRequestedSet() {
        long id = createArticle(ann, "A", c1);
        List<List<Long>> sets = new ArrayList<>();
        long[] all = { c1, c2, c3, c4 };
        for (int i = 0; i < 20; i++) {
            List<Long> set = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                if (((i + 1) >> b & 1) == 1) {
                    set.add(all[b]);
                }
            }
            sets.add(set);
        }
        WebClient client = WebClient.create("http://localhost:" + port);
        List<Integer> statuses = Flux.fromIterable(sets).flatMap(set -> {
            var body = new ArticleBody("T" + set, "C" + set, set);
            return client.put()
                .uri("/articles/" + id)
                .headers(bearer(ann))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
        }, 20).collectList().block(Duration.ofSeconds(60));
        assertThat(statuses).hasSize(20).containsOnly(200);
        List<Long> finalSet = categoriesOf(id);
        assertThat(sets).contains(finalSet);
        http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("T" + finalSet)
            .jsonPath("$.content")
            .isEqualTo("C" + finalSet);
    }

}
