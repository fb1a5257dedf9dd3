package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * The request deadline counts the server's time: a client that uploads slowly is not
 * answered 503 for it.
 */
class RequestDeadlineIT extends ApiTest {

    @Test
    void aBodyUploadedSlowerThanTheDeadlineIsStillServed() {
        String token = adminToken();
        String body = "{\"title\":\"Uploaded slowly\",\"content\":\"" + "x".repeat(2_000) + "\"}";
        // three parts, 2.5 s apart: the upload takes 5 s, past the 4.5 s deadline
        Flux<String> slow = Flux.just(body.substring(0, 100), body.substring(100, 1_000), body.substring(1_000))
            .delayElements(Duration.ofMillis(2_500));
        Integer status = WebClient.create("http://localhost:" + port)
            .post()
            .uri("/articles")
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(slow, String.class)
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
            .block(Duration.ofSeconds(30));
        assertThat(status).isEqualTo(201);
        assertThat(count("articles")).isEqualTo(1);
    }

}
