package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code PUBLIC_MAX_AGE} set, public reads may be used that long without asking
 * again; answers about a signed-in caller stay {@code no-store}.
 */
@TestPropertySource(properties = "articles.http.public-max-age=60")
class PublicMaxAgeIT extends ApiTest {

    @Test
    void publicReadsCarryTheMaxAgeAndEverythingElseStaysNoStore() {
        String token = adminToken();
        long article = createArticle(token, "Fresh for a minute");
        HttpHeaders ok = http.get()
            .uri("/articles/" + article)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders();
        assertThat(ok.getCacheControl()).isEqualTo("max-age=60");
        assertThat(ok.getETag()).isNotNull();
        http.get()
            .uri("/articles/" + article)
            .header(HttpHeaders.IF_NONE_MATCH, ok.getETag())
            .exchange()
            .expectStatus()
            .isNotModified()
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=60");
        http.get()
            .uri("/authentication")
            .headers(bearer(token))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
    }

}
