package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        // as the other routes
        for (String path : new String[] { "/authentication", "/nope", "/users/abc", "/articles", "/articles/" + article,
                "/articles/abc", "/categories", "/categories/42" }) {
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
                .valueEquals("Pragma", "no-cache")
                .expectHeader()
                .value("Cache-Control", v -> assertThat(v).contains("no-store"));
        }
    }

    @Test
    void aPublicReadAnswersWithExactlyTheHeadersOfTheTokenChain() {
        for (String origin : new String[] { null, TestDatabase.ALLOWED_ORIGIN }) {
            // the public reads' chain
            HttpHeaders publicRead = headersOf("/articles/abc", origin);
            HttpHeaders tokenChain = headersOf("/users/abc", origin); // the token chain
            assertThat(publicRead.headerNames()).contains("X-Frame-Options", "Cache-Control", "Referrer-Policy");
            assertThat(publicRead.headerNames()).isEqualTo(tokenChain.headerNames());
            for (String name : tokenChain.headerNames()) {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    assertThat(publicRead.get(name)).as(name).isEqualTo(tokenChain.get(name));
                }
            }
        }
    }

    /**
     * The headers of a GET that is answered 400 (a malformed id), from the given origin
     * if any.
     */
    private HttpHeaders headersOf(String path, String origin) {
        return http.get().uri(path).headers(h -> {
            if (origin != null) {
                h.setOrigin(origin);
            }
        }).exchange().expectStatus().isBadRequest().returnResult(String.class).getResponseHeaders();
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
