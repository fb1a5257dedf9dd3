package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Public reads are stored and revalidated by browsers and shared caches
 * ({@code Cache-Control: no-cache} beside their ETag, no {@code Pragma}, {@code Vary} on
 * what changes them); every other answer, errors and streams included, stays
 * {@code no-store}.
 */
class CachingIT extends ApiTest {

    private static final String NO_STORE = "no-cache, no-store, max-age=0, must-revalidate";

    private static final List<String> CORS_VARY = List.of("Origin", "Access-Control-Request-Method",
            "Access-Control-Request-Headers");

    @Test
    void publicReadsAndTheir304sAreNoCacheWithVaryAndNoPragma() {
        String token = adminToken();
        long category = createCategory("Tech");
        long article = createArticle(token, "Cached", category);
        // CORS is configured (an allowed origin): the CORS filter's Vary comes first,
        // with or without an Origin
        List<String> vary = new ArrayList<>(CORS_VARY);
        vary.addAll(List.of("Accept", "Accept-Encoding"));
        for (String path : List.of("/articles/" + article, "/articles?limit=5", "/categories",
                "/categories/" + category)) {
            HttpHeaders ok = get(path, null, null, 200);
            assertPublic(path, ok, vary);
            HttpHeaders notModified = get(path, null, ok.getETag(), 304);
            assertPublic(path + " (304)", notModified, vary);
            assertThat(notModified.getETag()).isEqualTo(ok.getETag());
            HttpHeaders cors = get(path, TestDatabase.ALLOWED_ORIGIN, null, 200);
            assertPublic(path + " (CORS)", cors, vary);
            assertPublic(path + " (CORS, 304)", get(path, TestDatabase.ALLOWED_ORIGIN, ok.getETag(), 304), vary);
        }
    }

    @Test
    void everyOtherAnswerIsNoStoreErrorsAndStreamsIncluded() {
        long ann = signUp("ann@example.com");
        String token = logIn("ann@example.com");
        createArticle(token, "Streamed");
        // about a signed-in caller
        assertNoStore("GET /authentication",
                http.get()
                    .uri("/authentication")
                    .headers(bearer(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders());
        assertNoStore("GET /users/{id}",
                http.get()
                    .uri("/users/" + ann)
                    .headers(bearer(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders());
        // errors of public reads
        assertNoStore("404", get("/articles/999", null, null, 404));
        assertNoStore("400", get("/categories/abc", null, null, 400));
        // streams of GET /articles
        assertNoStore("NDJSON",
                http.get()
                    .uri("/articles")
                    .accept(MediaType.APPLICATION_NDJSON)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders());
    }

    private HttpHeaders get(String path, String origin, String ifNoneMatch, int status) {
        return http.get().uri(path).headers(h -> {
            if (origin != null) {
                h.setOrigin(origin);
            }
            if (ifNoneMatch != null) {
                h.setIfNoneMatch(ifNoneMatch);
            }
        }).exchange().expectStatus().isEqualTo(status).returnResult(String.class).getResponseHeaders();
    }

    private static void assertPublic(String what, HttpHeaders headers, List<String> vary) {
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).as(what).containsExactly("no-cache");
        assertThat(headers.containsHeader(HttpHeaders.PRAGMA)).as(what + ": Pragma").isFalse();
        assertThat(headers.containsHeader(HttpHeaders.EXPIRES)).as(what + ": Expires").isFalse();
        assertThat(headers.getVary()).as(what + ": Vary").isEqualTo(vary);
        assertThat(headers.getETag()).as(what + ": ETag").isNotNull();
    }

    private static void assertNoStore(String what, HttpHeaders headers) {
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).as(what).containsExactly(NO_STORE);
        assertThat(headers.get(HttpHeaders.PRAGMA)).as(what).containsExactly("no-cache");
        assertThat(headers.getETag()).as(what).isNull();
    }

}
