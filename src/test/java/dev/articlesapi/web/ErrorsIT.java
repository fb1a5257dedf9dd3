package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.SignUpBody;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Errors that every JSON route shares: bad bodies, unknown routes, sizes and media types.
 */
class ErrorsIT extends ApiTest {

    private static final String SIGN_UP = "/authentication/sign-up";

    @Test
    void unknownRouteWhenSignedOutThenNotFoundProblem() {
        for (String path : new String[] { "/nope", "/users", "/users/1/articles", "/authentication/nope" }) {
            http.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo(path);
        }
        http.post()
            .uri("/nope")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isNotFound();
        http.delete().uri("/users/1/address").exchange().expectStatus().isNotFound();
    }

    @Test
    void malformedJsonThenBadRequest() {
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"email\": ")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Malformed JSON request body");
        assertThat(count("users")).isEqualTo(1);
    }

    @Test
    void trailingTextAfterJsonThenBadRequestAndNothingWritten() {
        String body = "{\"email\":\"ann@example.com\",\"name\":\"Ann\",\"password\":\"password123\"} {}";
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("users")).isEqualTo(1);
    }

    @Test
    void emptyOrNullBodyThenBadRequest() {
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_JSON)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Request body is required");
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("[1, 2]")
            .exchange()
            .expectStatus()
            .isBadRequest();
    }

    @Test
    void nonJsonBodyThenUnsupportedMediaType() {
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("email=a")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(415);
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .bodyValue("email=a")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void bodyOverOneMebibyteThenContentTooLarge() {
        String big = "{\"title\":\"Big\",\"content\":\"" + "n".repeat(1024 * 1024) + "\"}";
        http.post()
            .uri("/articles")
            .headers(bearer(adminToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(big)
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(413);
        assertThat(count("articles")).isZero();
    }

    @Test
    void bodyJustUnderTheLimitIsReadThenValidated() {
        String content = "n".repeat(1000 * 1000);
        http.post()
            .uri("/articles")
            .headers(bearer(adminToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticleBody("Big", content))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("content");
        assertThat(count("articles")).isZero();
    }

    @Test
    void securityHeadersOnErrorsToo() {
        http.get()
            .uri("/nope")
            .exchange()
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader()
            .exists("Cache-Control");
    }

    @Test
    void nulCharacterInTextThenBadRequestNotServerError() {
        http.post()
            .uri(SIGN_UP)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new SignUpBody("ann@example.com", "A\u0000nn", PASSWORD))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("users")).isEqualTo(1);
    }

}
