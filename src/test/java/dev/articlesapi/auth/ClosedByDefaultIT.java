package dev.articlesapi.auth;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.articlesapi.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A route that nobody listed as open needs a caller: the security chains are closed by
 * default. The route here exists in this test's application only, as a route added
 * tomorrow would, without a line in the security configuration.
 */
@Import(ClosedByDefaultIT.UnlistedRoute.class)
class ClosedByDefaultIT extends ApiTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class UnlistedRoute {

        @Bean
        RouterFunction<ServerResponse> unlistedRoutes() {
            return route().GET("/reports/{id}", request -> ServerResponse.ok().bodyValue("{\"secret\":true}"))
                .POST("/reports", request -> ServerResponse.ok().bodyValue("{\"secret\":true}"))
                .build();
        }

    }

    @Test
    void unlistedRouteWhenSignedOutThenUnauthorizedProblem() {
        http.get()
            .uri("/reports/7")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(401)
            .jsonPath("$.secret")
            .doesNotExist();
        http.post()
            .uri("/reports")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isUnauthorized();
    }

    @Test
    void unlistedRouteWhenBadTokenThenUnauthorized() {
        http.get().uri("/reports/7").headers(bearer("not-a-token")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void unlistedRouteWhenSignedInThenServed() {
        signUp("ann@example.com");
        http.get()
            .uri("/reports/7")
            .headers(bearer(logIn("ann@example.com")))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.secret")
            .isEqualTo(true);
    }

    @Test
    void unknownPathWhenSignedOutThenStillNotFoundAndUnknownMethodMethodNotAllowed() {
        http.get().uri("/reports/7/pages").exchange().expectStatus().isNotFound();
        http.get()
            .uri("/reports")
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .valueEquals("Allow", "POST,OPTIONS");
        http.delete()
            .uri("/reports/7")
            .exchange()
            .expectStatus()
            .isEqualTo(405)
            .expectHeader()
            .valueEquals("Allow", "GET,HEAD,OPTIONS");
    }

}
