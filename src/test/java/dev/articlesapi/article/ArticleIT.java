package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ArticleIT extends ApiTest {

    private long ann;
    private String annToken;
    private String bobToken;

    @BeforeEach
    void twoAuthors() {
        ann = signUp(Map.of("email", "ann@example.com", "name", "Ann", "password", PASSWORD,
                "address", Map.of("street", "Main 1", "city", "Oslo", "country", "Norway")));
        signUp("bob@example.com");
        annToken = logIn("ann@example.com");
        bobToken = logIn("bob@example.com");
    }

    private Map<String, Object> article(long id) {
        return http.get().uri("/articles/" + id).exchange().expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult().getResponseBody();
    }

    @Test
    void createThenCreatedWithLocationAndCallerAsAuthor() {
        var body = new HashMap<String, Object>(Map.of("title", "  Hello  ", "content", " World ", "authorId", 1));
        send("POST", "/articles", annToken, body)
                .expectStatus().isCreated()
                .expectHeader().location("/articles/1")
                .expectBody()
                .jsonPath("$.id").isEqualTo(1)
                .jsonPath("$.title").isEqualTo("Hello")
                .jsonPath("$.content").isEqualTo("World")
                .jsonPath("$.authorId").isEqualTo(ann)
                .jsonPath("$.categoryIds.length()").isEqualTo(0)
                .jsonPath("$.createdAt").isNotEmpty()
                .jsonPath("$.updatedAt").isNotEmpty();
        assertThat(db.sql("SELECT author_id FROM articles WHERE id = 1").map(r -> r.get(0, Long.class)).one().block())
                .isEqualTo(ann);
    }

    @Test
    void createWhenSignedOutThenUnauthorizedAndNothingWritten() {
        send("POST", "/articles", null, Map.of("title", "t", "content", "c"))
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("articles")).isZero();
    }

    @Test
    void createWhenInvalidThenBadRequestNamingTheField() {
        Map<String, Object> valid = Map.of("title", "t", "content", "c");
        Object[][] cases = {
                {Map.of("content", "c"), "title"},
                {Map.of("title", "   ", "content", "c"), "title"},
                {Map.of("title", "t".repeat(201), "content", "c"), "title"},
                {Map.of("title", "t"), "content"},
                {Map.of("title", "t", "content", "c".repeat(100_001)), "content"},
                {Map.of("title", 123, "content", "c"), "title"},
                {Map.of("title", "t", "content", "c", "categoryIds", List.of(1.5)), "categoryIds[0]"},
                {Map.of("title", "t", "content", "c", "categoryIds", List.of("7")), "categoryIds[0]"},
                {Map.of("title", "t", "content", "c", "categoryIds", List.of(0)), "categoryIds[0]"},
                {Map.of("title", "t", "content", "c", "categoryIds", 7), "categoryIds"},
        };
        for (Object[] c : cases) {
            send("POST", "/articles", annToken, c[0])
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(c[1]);
        }
        assertThat(count("articles")).isZero();
        send("POST", "/articles", annToken, valid).expectStatus().isCreated();
        send("POST", "/articles", annToken, Map.of("title", "t".repeat(200), "content", "c".repeat(100_000)))
                .expectStatus().isCreated();
    }

    @Test
    void detailsThenArticleWithAuthorAndAddressButNoEmail() {
        long id = createArticle(annToken, "Hello");
        http.get().uri("/articles/" + id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.title").isEqualTo("Hello")
                .jsonPath("$.content").isEqualTo("Content of Hello")
                .jsonPath("$.author.id").isEqualTo(ann)
                .jsonPath("$.author.name").isEqualTo("Ann")
                .jsonPath("$.author.address.city").isEqualTo("Oslo")
                .jsonPath("$.author.email").doesNotExist()
                .jsonPath("$.author.password").doesNotExist()
                .jsonPath("$.authorId").doesNotExist()
                .jsonPath("$.categories.length()").isEqualTo(0);
    }

    @Test
    void detailsWhenAuthorHasNoAddressThenAddressNull() {
        long id = createArticle(bobToken, "Hello");
        http.get().uri("/articles/" + id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.author.name").isEqualTo("User bob@example.com")
                .jsonPath("$.author.address").isEmpty();
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
        http.get().uri("/articles/42").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Article 42 not found");
        for (String bad : new String[] {"abc", "0", "-3", "2.5"}) {
            http.get().uri("/articles/" + bad).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
        }
    }

    @Test
    void listByAuthorThenPageOfTheirArticlesWithCount() {
        for (int i = 0; i < 5; i++) {
            createArticle(annToken, "Ann " + i);
            createArticle(bobToken, "Bob " + i);
        }
        http.get().uri("/articles?authorId=" + ann + "&limit=2&offset=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.count").isEqualTo(5)
                .jsonPath("$.limit").isEqualTo(2)
                .jsonPath("$.offset").isEqualTo(1)
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].title").isEqualTo("Ann 1")
                .jsonPath("$.items[1].title").isEqualTo("Ann 2")
                .jsonPath("$.items[0].authorId").isEqualTo(ann);
        http.get().uri("/articles").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.count").isEqualTo(10).jsonPath("$.limit").isEqualTo(20)
                .jsonPath("$.offset").isEqualTo(0).jsonPath("$.items.length()").isEqualTo(10)
                .jsonPath("$.items[0].id").isEqualTo(1).jsonPath("$.items[9].id").isEqualTo(10);
        http.get().uri("/articles?authorId=999").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.count").isEqualTo(0).jsonPath("$.items.length()").isEqualTo(0);
        http.get().uri("/articles?offset=50").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.count").isEqualTo(10).jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void listWhenQueryValuesInvalidThenBadRequestNamingThem() {
        String[][] cases = {
                {"limit=0", "limit"}, {"limit=101", "limit"}, {"limit=abc", "limit"}, {"offset=-1", "offset"},
                {"offset=x", "offset"}, {"authorId=0", "authorId"}, {"authorId=abc", "authorId"},
                {"authorId=1.5", "authorId"},
        };
        for (String[] c : cases) {
            http.get().uri("/articles?" + c[0]).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(c[1]);
        }
        http.get().uri("/articles?limit=100&offset=0").exchange().expectStatus().isOk();
        http.get().uri("/articles?limit=1").exchange().expectStatus().isOk();
    }

    @Test
    void replaceByAuthorThenTitleAndContentReplacedAndUpdatedAtMoves() {
        long id = createArticle(annToken, "Old");
        var before = article(id);
        send("PUT", "/articles/" + id, annToken, Map.of("title", "New", "content", "Body"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("New")
                .jsonPath("$.content").isEqualTo("Body")
                .jsonPath("$.authorId").isEqualTo(ann)
                .jsonPath("$.createdAt").isEqualTo(before.get("createdAt"))
                .jsonPath("$.categoryIds.length()").isEqualTo(0);
        var after = article(id);
        assertThat(after.get("title")).isEqualTo("New");
        assertThat(java.time.Instant.parse((String) after.get("updatedAt")))
                .isAfter(java.time.Instant.parse((String) before.get("updatedAt")));
    }

    @Test
    void replaceByAdminThenAuthorUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, adminToken(), Map.of("title", "Edited", "content", "By admin"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.authorId").isEqualTo(ann).jsonPath("$.title").isEqualTo("Edited");
        assertThat(((Map<?, ?>) article(id).get("author")).get("id")).isEqualTo((int) ann);
    }

    @Test
    void replaceWhenNotAuthorThenForbiddenAndUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, bobToken, Map.of("title", "Hacked", "content", "x"))
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        send("PATCH", "/articles/" + id, bobToken, Map.of("title", "Hacked"))
                .expectStatus().isForbidden();
        assertThat(article(id).get("title")).isEqualTo("Old");
        assertThat(article(id).get("content")).isEqualTo("Content of Old");
    }

    @Test
    void replaceWhenInvalidMissingOrSignedOutThenErrors() {
        long id = createArticle(annToken, "Old");
        send("PUT", "/articles/" + id, annToken, Map.of("title", "New")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("content");
        send("PUT", "/articles/" + id, annToken, Map.of("title", "", "content", "c")).expectStatus().isBadRequest();
        send("PUT", "/articles/999", annToken, Map.of("title", "t", "content", "c")).expectStatus().isNotFound();
        send("PUT", "/articles/abc", annToken, Map.of("title", "t", "content", "c")).expectStatus().isBadRequest();
        send("PUT", "/articles/" + id, null, Map.of("title", "t", "content", "c")).expectStatus().isUnauthorized();
        assertThat(article(id).get("title")).isEqualTo("Old");
    }

    @Test
    void patchChangesOnlyThePresentFields() {
        long id = createArticle(annToken, "Old");
        send("PATCH", "/articles/" + id, annToken, Map.of("title", " New "))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("New").jsonPath("$.content").isEqualTo("Content of Old");
        send("PATCH", "/articles/" + id, annToken, Map.of("content", "Body"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("New").jsonPath("$.content").isEqualTo("Body");
        send("PATCH", "/articles/" + id, annToken, Map.of())
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("New").jsonPath("$.content").isEqualTo("Body");
    }

    @Test
    void patchWhenInvalidOrMissingThenErrorsAndUnchanged() {
        long id = createArticle(annToken, "Old");
        send("PATCH", "/articles/" + id, annToken, Map.of("title", "  ")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("title");
        send("PATCH", "/articles/" + id, annToken, Map.of("content", "c".repeat(100_001))).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("content");
        send("PATCH", "/articles/" + id, annToken, Map.of("title", 5)).expectStatus().isBadRequest();
        send("PATCH", "/articles/999", annToken, Map.of("title", "t")).expectStatus().isNotFound();
        send("PATCH", "/articles/" + id, null, Map.of("title", "t")).expectStatus().isUnauthorized();
        assertThat(article(id).get("title")).isEqualTo("Old");
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
        send("DELETE", "/articles/" + id, bobToken, null).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
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
        send("DELETE", "/users/" + ann, annToken, null)
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("authors articles"));
        http.get().uri("/users/" + ann).exchange().expectStatus().isOk();
        assertThat(count("addresses")).isEqualTo(1);
        send("DELETE", "/articles/" + id, annToken, null).expectStatus().isNoContent();
        send("DELETE", "/users/" + ann, annToken, null).expectStatus().isNoContent();
        assertThat(count("addresses")).isZero();
        http.get().uri("/authentication").headers(bearer(annToken)).exchange().expectStatus().isUnauthorized();
    }
}
