package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Log-out that revokes, CORS, security headers, health, metrics and the request log. */
class ProductionIT extends ApiTest {

    @Test
    void logOutRevokesTheOldTokenForCookieAndBearer() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        String other = logIn("ann@example.com");
        http.post()
            .uri("/authentication/log-out")
            .cookie("Authentication", token)
            .exchange()
            .expectStatus()
            .isNoContent();
        http.get().uri("/authentication").cookie("Authentication", token).exchange().expectStatus().isUnauthorized();
        http.get().uri("/authentication").headers(bearer(token)).exchange().expectStatus().isUnauthorized();
        http.get().uri("/authentication").headers(bearer(other)).exchange().expectStatus().isUnauthorized();
        String fresh = logIn("ann@example.com");
        http.get().uri("/authentication").headers(bearer(fresh)).exchange().expectStatus().isOk();
    }

    @Test
    void corsAllowsTheConfiguredOriginWithCredentialsOnly() {
        http.options()
            .uri("/articles")
            .header("Origin", TestDatabase.ALLOWED_ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "Content-Type")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("Access-Control-Allow-Origin", TestDatabase.ALLOWED_ORIGIN)
            .expectHeader()
            .valueEquals("Access-Control-Allow-Credentials", "true");
        http.get()
            .uri("/categories")
            .header("Origin", TestDatabase.ALLOWED_ORIGIN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("Access-Control-Allow-Origin", TestDatabase.ALLOWED_ORIGIN);
        http.get()
            .uri("/categories")
            .header("Origin", "https://evil.example")
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .doesNotExist("Access-Control-Allow-Origin");
    }

    @Test
    void securityHeadersOnSuccessesAndErrors() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        long article = createArticle(token, "Headers");
        // the public reads skip the security chain; they must carry the very same headers
        // as the other routes, but for caching: their 200s are stored and revalidated
        // (no-cache, no Pragma), every other answer is no-store
        Set<String> publicOks = Set.of("/articles", "/articles/" + article, "/categories");
        for (String path : new String[] { "/authentication", "/nope", "/users/abc", "/articles", "/articles/" + article,
                "/articles/abc", "/categories", "/categories/42" }) {
            boolean stored = publicOks.contains(path);
            http.get()
                .uri(path)
                .headers(bearer(token))
                .exchange()
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("X-Frame-Options", "DENY")
                .expectHeader()
                .valueEquals("X-XSS-Protection", "0")
                .expectHeader()
                .valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader()
                .values("Pragma", v -> assertThat(v).isEqualTo(stored ? null : List.of("no-cache")))
                .expectHeader()
                .value("Cache-Control", v -> assertThat(v)
                    .isEqualTo(stored ? "no-cache" : "no-cache, no-store, max-age=0, must-revalidate"));
        }
    }

    @Test
    void aPublicReadAnswersWithExactlyTheHeadersOfTheTokenChain() {
        long ann = signUp("ann@example.com");
        long article = createArticle(logIn("ann@example.com"), "Cached");
        for (String origin : new String[] { null, TestDatabase.ALLOWED_ORIGIN }) {
            // errors: the same headers from both chains (no-store)
            // the public reads' chain, then the token chain
            HttpHeaders publicError = headersOf("/articles/abc", origin, 400);
            HttpHeaders tokenError = headersOf("/users/abc", origin, 400);
            assertThat(publicError.headerNames()).contains("X-Frame-Options", "Cache-Control", "Referrer-Policy",
                    "Pragma");
            assertThat(publicError.headerNames()).isEqualTo(tokenError.headerNames());
            assertSame(publicError, tokenError, Set.of());

            // a 200: a public read is stored and revalidated, so its Cache-Control is
            // no-cache, without Pragma and Expires; it carries an ETag and varies on
            // Accept and Accept-Encoding. Every other header is the token chain's.
            HttpHeaders publicRead = headersOf("/articles/" + article, origin, 200);
            HttpHeaders tokenRead = headersOf("/users/" + ann, origin, 200);
            Set<String> tokenOnly = new HashSet<>(tokenRead.headerNames());
            tokenOnly.removeAll(publicRead.headerNames());
            Set<String> publicOnly = new HashSet<>(publicRead.headerNames());
            publicOnly.removeAll(tokenRead.headerNames());
            assertThat(tokenOnly).containsExactlyInAnyOrder("Pragma", "Expires");
            assertThat(publicOnly).containsExactlyInAnyOrder("ETag");
            assertThat(publicRead.getCacheControl()).isEqualTo("no-cache");
            assertThat(tokenRead.getCacheControl()).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
            List<String> vary = new ArrayList<>(tokenRead.getVary());
            vary.addAll(List.of("Accept", "Accept-Encoding"));
            assertThat(publicRead.getVary()).isEqualTo(vary);
            assertSame(publicRead, tokenRead, Set.of("Cache-Control", "Vary"));
        }
    }

    /**
     * The headers the two answers both carry have the same values, but for Content-Length
     * and those named.
     */
    private static void assertSame(HttpHeaders publicRead, HttpHeaders tokenChain, Set<String> except) {
        for (String name : tokenChain.headerNames()) {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH) && !except.contains(name)
                    && publicRead.containsHeader(name)) {
                assertThat(publicRead.get(name)).as(name).isEqualTo(tokenChain.get(name));
            }
        }
    }

    /**
     * The headers of a GET answered with the status, from the given origin if any.
     */
    private HttpHeaders headersOf(String path, String origin, int status) {
        return http.get().uri(path).headers(h -> {
            if (origin != null) {
                h.setOrigin(origin);
            }
        }).exchange().expectStatus().isEqualTo(status).returnResult(String.class).getResponseHeaders();
    }

    @Test
    void errorsOfEveryKindCarryTheSecurityHeadersAndCors() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        String bigBody = "{\"email\":\"" + "a".repeat(20_000) + "@example.com\",\"password\":\"x\"}";
        for (int i = 0; i < 5; i++) {
            http.post()
                .uri("/authentication/log-in")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new LogInBody("bob@example.com", "wrong-password"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        }
        Map<Integer, WebTestClient.RequestHeadersSpec<?>> requests = Map.of(401, http.get().uri("/authentication"), 403,
                http.delete().uri("/users/" + ADMIN_ID).headers(bearer(ann)), 404, http.get().uri("/nope"), 413,
                http.post().uri("/authentication/log-in").contentType(MediaType.APPLICATION_JSON).bodyValue(bigBody),
                415,
                http.post().uri("/articles").headers(bearer(ann)).contentType(MediaType.TEXT_PLAIN).bodyValue("title"),
                429,
                http.post()
                    .uri("/authentication/log-in")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new LogInBody("bob@example.com", "wrong-password")));
        requests.forEach((status, request) -> request.header("Origin", TestDatabase.ALLOWED_ORIGIN)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader()
            .valueEquals("X-Frame-Options", "DENY")
            .expectHeader()
            .valueEquals("Access-Control-Allow-Origin", TestDatabase.ALLOWED_ORIGIN)
            .expectHeader()
            .valueEquals("Access-Control-Allow-Credentials", "true"));
    }

    @Test
    void publicReadsAnswerTheSameWithABadToken() {
        signUp("ann@example.com");
        long article = createArticle(logIn("ann@example.com"), "Public");
        for (String path : new String[] { "/articles", "/articles/" + article, "/categories" }) {
            String anonymous = http.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
            http.get()
                .uri(path)
                .headers(bearer("not-a-token"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(anonymous);
        }
    }

    @Test
    void healthProbesArePublic() {
        http.get()
            .uri("/actuator/health/liveness")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
        http.get()
            .uri("/actuator/health/readiness")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        http.get().uri("/actuator/info").exchange().expectStatus().isOk();
    }

    @Test
    void metricsNeedTheAdminRoleAndCarryRoutesPoolAndJvm() {
        http.get().uri("/articles/12345").exchange().expectStatus().isNotFound();
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        signUp("ann@example.com");
        http.get()
            .uri("/actuator/prometheus")
            .headers(bearer(logIn("ann@example.com")))
            .exchange()
            .expectStatus()
            .isForbidden();
        String metrics = http.get()
            .uri("/actuator/prometheus")
            .headers(bearer(adminToken()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(metrics).contains("http_server_requests_seconds_count{")
            .contains("uri=\"/articles/{id}\"")
            .contains("r2dbc_pool_acquired_connections")
            .contains("r2dbc_pool_pending_connections")
            .contains("r2dbc_pool_idle_connections")
            .contains("jvm_memory_used_bytes");
    }

    @Test
    void oneLogLinePerRequestWithMethodRouteStatusAndDuration() throws Exception {
        http.get().uri("/articles/424242").exchange().expectStatus().isNotFound();
        String log = Files.readString(Path.of(TestDatabase.LOG_FILE));
        assertThat(log).containsPattern("dev\\.articlesapi\\.request\\s*: GET /articles/\\{id} 404 \\d+\\.\\dms");
    }

}
