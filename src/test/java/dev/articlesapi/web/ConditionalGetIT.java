package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.AddressBody;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.CategoryBody;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * ETag on the public reads, 304 for a matching If-None-Match, and a new ETag whenever the
 * body changes.
 */
class ConditionalGetIT extends ApiTest {

    private String etag(String uri) {
        String etag = http.get()
            .uri(uri)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getETag();
        assertThat(etag).as("ETag of " + uri).matches("\"([A-Za-z0-9_-]{27}|v[0-9]+)\"");
        return etag;
    }

    private void expectNotModified(String uri, String ifNoneMatch, String etag) {
        var result = http.get()
            .uri(uri)
            .header("If-None-Match", ifNoneMatch)
            .exchange()
            .expectStatus()
            .isNotModified()
            .expectHeader()
            .valueEquals("ETag", etag)
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectBody()
            .returnResult();
        assertThat(result.getResponseBody()).isNullOrEmpty();
    }

    @Test
    void everyPublicReadHasAnETagAndAMatchingIfNoneMatchGets304WithoutBody() {
        signUp("ann@example.com");
        long category = createCategory("Java");
        long article = createArticle(logIn("ann@example.com"), "Tagged", category);
        for (String uri : new String[] { "/articles/" + article, "/categories/" + category, "/categories", "/articles",
                "/articles?limit=1" }) {
            String etag = etag(uri);
            assertThat(etag(uri)).as("stable for " + uri).isEqualTo(etag);
            expectNotModified(uri, etag, etag);
            expectNotModified(uri, "\"other\", W/" + etag, etag);
            http.get()
                .uri(uri)
                .header("If-None-Match", "\"other\"")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", etag);
        }
    }

    @Test
    void theETagChangesWithTitleCategoryNameCategoryLinkAndAuthorAddress() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        long java = createCategory("Java");
        long article = createArticle(ann, "Tagged", java);
        String uri = "/articles/" + article;
        String categoryUri = "/categories/" + java;

        String before = etag(uri);
        String categoryBefore = etag(categoryUri);
        send("PATCH", uri, ann, ArticlePatchBody.title("Retitled")).expectStatus().isOk();
        String retitled = etag(uri);
        assertThat(retitled).isNotEqualTo(before);
        assertThat(etag(categoryUri)).as("the category lists the article's title").isNotEqualTo(categoryBefore);

        send("PUT", categoryUri, adminToken(), new CategoryBody("Kotlin")).expectStatus().isOk();
        String renamed = etag(uri);
        assertThat(renamed).isNotEqualTo(retitled);

        send("PUT", "/users/me/address", ann, AddressBody.city("Oslo")).expectStatus().isOk();
        String moved = etag(uri);
        assertThat(moved).isNotEqualTo(renamed);

        send("DELETE", uri + "/categories/" + java, ann, null).expectStatus().is2xxSuccessful();
        assertThat(etag(uri)).isNotEqualTo(moved);
    }

    @Test
    void streamsAndErrorsCarryNoETag() {
        http.get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .doesNotExist("ETag");
        http.get().uri("/articles/424242").exchange().expectStatus().isNotFound().expectHeader().doesNotExist("ETag");
    }

}
