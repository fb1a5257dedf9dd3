package dev.articlesapi.web;

import dev.articlesapi.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Problems byte for byte as clients have always received them: member order (type, title,
 * status, detail, instance, then errors), no null members, {@code about:blank} as the
 * type.
 */
class ProblemWireFormatIT extends ApiTest {

    @Test
    void validationProblemIsWrittenExactly() {
        http.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"email\":5}")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"Validation failed\",\"instance\":\"/authentication/sign-up\","
                    + "\"errors\":[{\"field\":\"email\",\"message\":\"must be a string\"}]}");
        http.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody(String.class)
            .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"Validation failed\",\"instance\":\"/authentication/sign-up\",\"errors\":["
                    + "{\"field\":\"email\",\"message\":\"must not be blank\"},"
                    + "{\"field\":\"name\",\"message\":\"must not be blank\"},"
                    + "{\"field\":\"password\",\"message\":\"must not be null\"}]}");
    }

    @Test
    void securityAndRoutingProblemsAreWrittenExactly() {
        http.post()
            .uri("/articles")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"Sign in first: a valid token is needed in the Authentication cookie or a Bearer "
                    + "header\",\"instance\":\"/articles\"}");
        http.get()
            .uri("/nope")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody(String.class)
            .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                    + "\"detail\":\"No route for /nope\",\"instance\":\"/nope\"}");
    }

}
