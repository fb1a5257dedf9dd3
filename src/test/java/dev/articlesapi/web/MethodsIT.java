package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * HEAD on every GET route, 405 with Allow for a method a path does not take, OPTIONS with
 * 204 and Allow, and 406 for an Accept a route cannot answer.
 */
class MethodsIT extends ApiTest {

    private EntityExchangeResult<byte[]> exchange(HttpMethod method, String uri, String token, String accept) {
        var request = http.method(method).uri(uri);
        if (token != null) {
            request = request.headers(bearer(token));
        }
        if (accept != null) {
            request = request.header(HttpHeaders.ACCEPT, accept);
        }
        return request.exchange().expectBody().returnResult();
    }

    @Test
    void headAnswersWhatGetAnswersWithoutTheBody() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        long category = createCategory("Java");
        long article = createArticle(ann, "Headed", category);
        for (String uri : List.of("/articles/" + article, "/articles", "/articles?limit=1", "/categories",
                "/categories/" + category, "/users/1", "/articles/999", "/articles/abc")) {
            EntityExchangeResult<byte[]> get = exchange(HttpMethod.GET, uri, null, null);
            EntityExchangeResult<byte[]> head = exchange(HttpMethod.HEAD, uri, null, null);
            assertThat(head.getStatus()).as(uri).isEqualTo(get.getStatus());
            assertThat(head.getResponseBody()).as(uri).isNullOrEmpty();
            HttpHeaders getHeaders = get.getResponseHeaders();
            HttpHeaders headHeaders = head.getResponseHeaders();
            assertThat(headHeaders.getContentType()).as(uri).isEqualTo(getHeaders.getContentType());
            assertThat(headHeaders.getETag()).as(uri).isEqualTo(getHeaders.getETag());
            assertThat(headHeaders.getFirst(HttpHeaders.CONTENT_LENGTH)).as(uri)
                .isEqualTo(String.valueOf(get.getResponseBody().length));
        }
    }

    @Test
    void headOfAPublicReadHonoursIfNoneMatchAndHeadOfASignedInRouteNeedsACaller() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        long article = createArticle(ann, "Tagged");
        String etag = exchange(HttpMethod.GET, "/articles/" + article, null, null).getResponseHeaders().getETag();
        http.head()
            .uri("/articles/" + article)
            .header(HttpHeaders.IF_NONE_MATCH, etag)
            .exchange()
            .expectStatus()
            .isNotModified()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, etag);
        assertThat(exchange(HttpMethod.HEAD, "/authentication", null, null).getStatus().value()).isEqualTo(401);
        EntityExchangeResult<byte[]> signedIn = exchange(HttpMethod.HEAD, "/authentication", ann, null);
        assertThat(signedIn.getStatus().value()).isEqualTo(200);
        assertThat(signedIn.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(signedIn.getResponseBody()).isNullOrEmpty();
    }

    @Test
    void aMethodThePathDoesNotTakeIs405WithAllowSignedInOrNot() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        long article = createArticle(ann, "Only");
        for (String token : new String[] { null, ann }) {
            send("POST", "/articles/" + article, token, null).expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "GET,HEAD,PUT,PATCH,DELETE,OPTIONS");
            send("DELETE", "/articles", token, null).expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "GET,HEAD,POST,OPTIONS");
            send("GET", "/authentication/log-in", token, null).expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "POST,OPTIONS");
            send("PUT", "/nowhere", token, null).expectStatus().isNotFound();
        }
        assertThat(count("articles")).isEqualTo(1);
    }

    @Test
    void optionsIs204WithAllowAndAPreflightIsNotAnOptionsRequest() {
        for (String uri : List.of("/articles/1", "/categories", "/users/me/address")) {
            EntityExchangeResult<byte[]> options = exchange(HttpMethod.OPTIONS, uri, null, null);
            assertThat(options.getStatus().value()).as(uri).isEqualTo(204);
            assertThat(options.getResponseBody()).as(uri).isNullOrEmpty();
            assertThat(options.getResponseHeaders().getAllow()).as(uri).isNotEmpty();
        }
        assertThat(exchange(HttpMethod.OPTIONS, "/users/me/address", null, null).getResponseHeaders()
            .getFirst(HttpHeaders.ALLOW)).isEqualTo("PUT,DELETE,OPTIONS");
        assertThat(exchange(HttpMethod.OPTIONS, "/nowhere", null, null).getStatus().value()).isEqualTo(404);
        // a preflight is CORS's, not this: no origin is allowed in the tests' settings
        http.options()
            .uri("/articles/1")
            .header(HttpHeaders.ORIGIN, "https://elsewhere.example")
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
            .exchange()
            .expectHeader()
            .doesNotExist(HttpHeaders.ALLOW);
    }

    @Test
    void anAcceptTheRouteCannotAnswerIs406AndNothingIsWritten() {
        signUp("ann@example.com");
        String ann = logIn("ann@example.com");
        long article = createArticle(ann, "Json only");
        for (String uri : List.of("/articles/" + article, "/articles", "/categories", "/users/1")) {
            EntityExchangeResult<byte[]> refused = exchange(HttpMethod.GET, uri, null, "application/xml");
            assertThat(refused.getStatus().value()).as(uri).isEqualTo(406);
            assertThat(refused.getResponseHeaders().getContentType()).as(uri)
                .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getResponseHeaders().getETag()).as(uri).isNull();
            assertThat(exchange(HttpMethod.HEAD, uri, null, "text/html").getStatus().value()).as(uri).isEqualTo(406);
        }
        assertThat(exchange(HttpMethod.GET, "/articles/" + article, null, "application/json;q=0, text/html").getStatus()
            .value()).isEqualTo(406);
        http.post()
            .uri("/articles")
            .headers(bearer(ann))
            .accept(MediaType.APPLICATION_XML)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"Never\",\"content\":\"written\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(406);
        assertThat(count("articles")).isEqualTo(1);
        for (String accept : List.of("application/json", "application/*", "*/*", "text/html, application/json;q=0.5",
                "application/x-ndjson", "text/event-stream")) {
            assertThat(exchange(HttpMethod.GET, "/articles?limit=1", null, accept).getStatus().value()).as(accept)
                .isEqualTo(200);
        }
        assertThat(
                exchange(HttpMethod.GET, "/articles/" + article, null, "application/json, application/xml").getStatus()
                    .value())
            .isEqualTo(200);
        // the live events are server-sent events only
        assertThat(exchange(HttpMethod.GET, "/articles/events", null, "application/json").getStatus().value())
            .isEqualTo(406);
        assertThat(exchange(HttpMethod.GET, "/articles/" + article, null, "not a media type").getStatus().value())
            .isEqualTo(400);
    }

}
