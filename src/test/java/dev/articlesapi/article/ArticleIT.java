package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.AddressBody;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.Article;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.Page;
import dev.articlesapi.support.SignUpBody;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class ArticleIT extends ApiTest {

    private long ann;

    private String annToken;

    private String bobToken;

    @BeforeEach
    void twoAuthors() {
        ann = signUp(new SignUpBody("ann@example.com", "Ann", PASSWORD, new AddressBody("Main 1", "Oslo", "Norway")))
            .id();
        signUp("bob@example.com");
        annToken = logIn("ann@example.com");
        bobToken = logIn("bob@example.com");
    }

    @Test
    void createThenCreatedWithLocationAndCallerAsAuthor() {
        // an authorId of the body's own: an unknown field, ignored
        var body = new HashMap<String, Object>(Map.of("title", "  Hello  ", "content", " World ", "authorId", 1));
        send("POST", "/articles", annToken, body).expectStatus()
            .isCreated()
            .expectHeader()
            .location("/articles/1")
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(1)
            .jsonPath("$.title")
            .isEqualTo("Hello")
            .jsonPath("$.content")
            .isEqualTo("World")
            .jsonPath("$.authorId")
            .isEqualTo(ann)
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(0)
            .jsonPath("$.createdAt")
            .isNotEmpty()
            .jsonPath("$.updatedAt")
            .isNotEmpty();
        assertThat(db.sql("SELECT author_id FROM articles WHERE id = 1").map(r -> r.get(0, Long.class)).one().block())
            .isEqualTo(ann);
    }

    @Test
    void createWhenSignedOutThenUnauthorizedAndNothingWritten() {
        send("POST", "/articles", null, new ArticleBody("t", "c")).expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("articles")).isZero();
    }

    @Test
    void createWhenInvalidThenBadRequestNamingTheField() {
        var valid = new ArticleBody("t", "c");
        Object[][] cases = { { new ArticleBody(null, "c"), "title" }, { new ArticleBody("   ", "c"), "title" },
                { new ArticleBody("t".repeat(201), "c"), "title" }, { new ArticleBody("t", null), "content" },
                { new ArticleBody("t", "c".repeat(100_001)), "content" },
                // wrong JSON types, which a record cannot write
                { Map.of("title", 123, "content", "c"), "title" },
                { Map.of("title", "t", "content", "c", "categoryIds", List.of(1.5)), "categoryIds[0]" },
                { Map.of("title", "t", "content", "c", "categoryIds", List.of("7")), "categoryIds[0]" },
                { new ArticleBody("t", "c", List.of(0L)), "categoryIds[0]" },
                { Map.of("title", "t", "content", "c", "categoryIds", 7), "categoryIds" }, };
        for (Object[] c : cases) {
            assertThat(problem(send("POST", "/articles", annToken, c[0]).expectStatus().isBadRequest()).fields())
                .first()
                .isEqualTo(c[1]);
        }
        assertThat(count("articles")).isZero();
        send("POST", "/articles", annToken, valid).expectStatus().isCreated();
        send("POST", "/articles", annToken, new ArticleBody("t".repeat(200), "c".repeat(100_000))).expectStatus()
            .isCreated();
    }

    @Test
    void detailsThenArticleWithAuthorAndAddressButNoEmail() {
        long id = createArticle(annToken, "Hello");
        http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(id)
            .jsonPath("$.title")
            .isEqualTo("Hello")
            .jsonPath("$.content")
            .isEqualTo("Content of Hello")
            .jsonPath("$.author.id")
            .isEqualTo(ann)
            .jsonPath("$.author.name")
            .isEqualTo("Ann")
            .jsonPath("$.author.address.city")
            .isEqualTo("Oslo")
            .jsonPath("$.author.email")
            .doesNotExist()
            .jsonPath("$.author.password")
            .doesNotExist()
            .jsonPath("$.authorId")
            .doesNotExist()
            .jsonPath("$.categories.length()")
            .isEqualTo(0);
    }

    @Test
    void detailsWhenAuthorHasNoAddressThenAddressNull() {
        long id = createArticle(bobToken, "Hello");
        http.get()
            .uri("/articles/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.author.name")
            .isEqualTo("User bob@example.com")
            .jsonPath("$.author.address")
            .isEmpty();
    }

    @Test
    void detailsSendsTheSameNumberOfStatementsWithOrWithoutAddress() {
        long withAddress = createArticle(annToken, "A");
        long withoutAddress = createArticle(bobToken, "B");
        statements.reset();
        http.get().uri("/articles/" + withAddress).exchange().expectStatus().isOk();
        int first = statements.count();
        statements.reset();
        http.get().uri("/articles/" + withoutAddress).exchange().expectStatus().isOk();
        assertThat(statements.count()).isEqualTo(first).isEqualTo(1);
    }

    @Test
    void detailsWhenMissingOrBadIdThenNotFoundOrBadRequest() {
        http.get()
            .uri("/articles/42")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Article 42 not found");
        for (String bad : new String[] { "abc", "0", "-3", "2.5" }) {
            http.get()
                .uri("/articles/" + bad)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("id");
        }
    }

    @Test
    void listByAuthorThenPageOfTheirArticlesWithCount() {
        for (int i = 0; i < 5; i++) {
            createArticle(annToken, "Ann " + i);
            createArticle(bobToken, "Bob " + i);
        }
        Page<Article> anns = page("authorId=" + ann + "&limit=2&offset=1");
        assertThat(anns.count()).isEqualTo(5);
        assertThat(anns.limit()).isEqualTo(2);
        assertThat(anns.offset()).isEqualTo(1);
        assertThat(anns.items()).extracting(Article::title).containsExactly("Ann 1", "Ann 2");
        assertThat(anns.items().get(0).authorId()).isEqualTo(ann);
        Page<Article> all = page("");
        assertThat(all.count()).isEqualTo(10);
        assertThat(all.limit()).isEqualTo(20);
        assertThat(all.offset()).isZero();
        assertThat(all.items()).hasSize(10);
        assertThat(all.items().get(0).id()).isEqualTo(1);
        assertThat(all.items().get(9).id()).isEqualTo(10);
        Page<Article> none = page("authorId=999");
        assertThat(none.count()).isZero();
        assertThat(none.items()).isEmpty();
        Page<Article> beyond = page("offset=50");
        assertThat(beyond.count()).isEqualTo(10);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void listWhenQueryValuesInvalidThenBadRequestNamingThem() {
        String[][] cases = { { "limit=0", "limit" }, { "limit=101", "limit" }, { "limit=abc", "limit" },
                { "offset=-1", "offset" }, { "offset=x", "offset" }, { "authorId=0", "authorId" },
                { "authorId=abc", "authorId" }, { "authorId=1.5", "authorId" }, };
        for (String[] c : cases) {
            http.get()
                .uri("/articles?" + c[0])
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(c[1]);
        }
        http.get().uri("/articles?limit=100&offset=0").exchange().expectStatus().isOk();
        http.get().uri("/articles?limit=1").exchange().expectStatus().isOk();
    }

    @Test
    void replaceByAuthorThenTitleAndContentReplacedAndUpdatedAtMoves() {
        long id = createArticle(annToken, "Old");
        var before = article(id);
        send("PUT", "/articles/" + id, annToken, new ArticleBody("New", "Body")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("New")
            .jsonPath("$.content")
            .isEqualTo("Body")
            .jsonPath("$.authorId")
            .isEqualTo(ann)
            .jsonPath("$.createdAt")
            .isEqualTo(before.createdAt().toString())
            .jsonPath("$.categoryIds.length()")
            .isEqualTo(0);
        var after = article(id);
        assertThat(after.title()).isEqualTo("New");
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
    }

    @Test
    void replaceByAdminThenAuthorUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, adminToken(), new ArticleBody("Edited", "By admin")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.authorId")
            .isEqualTo(ann)
            .jsonPath("$.title")
            .isEqualTo("Edited");
        assertThat(article(id).author().id()).isEqualTo(ann);
    }

    @Test
    void replaceWhenNotAuthorThenForbiddenAndUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, bobToken, new ArticleBody("Hacked", "x")).expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        send("PATCH", "/articles/" + id, bobToken, ArticlePatchBody.title("Hacked")).expectStatus().isForbidden();
        assertThat(article(id).title()).isEqualTo("Old");
        assertThat(article(id).content()).isEqualTo("Content of Old");
    }

    @Test
    void replaceWhenInvalidMissingOrSignedOutThenErrors() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, annToken, new ArticleBody("New", null)).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("content");
        send("PUT", "/articles/" + id, annToken, new ArticleBody("", "c")).expectStatus().isBadRequest();
        send("PUT", "/articles/999", annToken, new ArticleBody("t", "c")).expectStatus().isNotFound();
        send("PUT", "/articles/abc", annToken, new ArticleBody("t", "c")).expectStatus().isBadRequest();
        send("PUT", "/articles/" + id, null, new ArticleBody("t", "c")).expectStatus().isUnauthorized();
        assertThat(article(id).title()).isEqualTo("Old");
    }

    @Test
    void patchChangesOnlyThePresentFields() {
        long id = createArticle(annToken, "Old");
        send("PATCH", "/articles/" + id, annToken, ArticlePatchBody.title(" New ")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("New")
            .jsonPath("$.content")
            .isEqualTo("Content of Old");
        send("PATCH", "/articles/" + id, annToken, ArticlePatchBody.content("Body")).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("New")
            .jsonPath("$.content")
            .isEqualTo("Body");
        send("PATCH", "/articles/" + id, annToken, new ArticlePatchBody(null, null, null)).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.title")
            .isEqualTo("New")
            .jsonPath("$.content")
            .isEqualTo("Body");
    }

    @Test
    void patchWhenInvalidOrMissingThenErrorsAndUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PATCH", "/articles/" + id, annToken, ArticlePatchBody.title("  ")).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("title");
        send("PATCH", "/articles/" + id, annToken, ArticlePatchBody.content("c".repeat(100_001))).expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("content");
        send("PATCH", "/articles/" + id, annToken, Map.of("title", 5)).expectStatus().isBadRequest();
        send("PATCH", "/articles/999", annToken, ArticlePatchBody.title("t")).expectStatus().isNotFound();
        send("PATCH", "/articles/" + id, null, ArticlePatchBody.title("t")).expectStatus().isUnauthorized();
        assertThat(article(id).title()).isEqualTo("Old");
    }

    @Test
    void deleteByAuthorOrAdminThenGone() {
        long first = createArticle(annToken, "One");
        long second = createArticle(annToken, "Two");
        send("DELETE", "/articles/" + first, annToken, null).expectStatus().isNoContent();
        http.get().uri("/articles/" + first).exchange().expectStatus().isNotFound();
        send("DELETE", "/articles/" + second, adminToken(), null).expectStatus().isNoContent();
        assertThat(count("articles")).isZero();
    }

    @Test
    void deleteWhenNotAuthorThenForbiddenAndKept() {
        long id = createArticle(annToken, "One");
        send("DELETE", "/articles/" + id, bobToken, null).expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        article(id);
    }

    @Test
    void deleteWhenMissingSignedOutOrBadIdThenErrors() {
        long id = createArticle(annToken, "One");
        send("DELETE", "/articles/999", annToken, null).expectStatus().isNotFound();
        send("DELETE", "/articles/" + id, null, null).expectStatus().isUnauthorized();
        send("DELETE", "/articles/x", annToken, null).expectStatus().isBadRequest();
        assertThat(count("articles")).isEqualTo(1);
    }

    @Test
    void deleteUserWhileAuthoringThenConflictUntilArticlesGone() {
        long id = createArticle(annToken, "One");
        send("DELETE", "/users/" + ann, annToken, null).expectStatus()
            .isEqualTo(HttpStatus.CONFLICT)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .value(d -> assertThat((String) d).contains("authors articles"));
        http.get().uri("/users/" + ann).exchange().expectStatus().isOk();
        assertThat(count("addresses")).isEqualTo(1);
        send("DELETE", "/articles/" + id, annToken, null).expectStatus().isNoContent();
        send("DELETE", "/users/" + ann, annToken, null).expectStatus().isNoContent();
        assertThat(count("addresses")).isZero();
        http.get().uri("/authentication").headers(bearer(annToken)).exchange().expectStatus().isUnauthorized();
    }

}
