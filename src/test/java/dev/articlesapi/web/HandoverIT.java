package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiTest;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.test.StepVerifier;

/**
 * An event stream outlives its request's chain: the chain (every web filter, the security
 * chain, the handler) has completed, successfully, while the stream stays open and keeps
 * delivering; a subscriber holds its connection and its stream only.
 */
@Import(HandoverIT.ChainEnds.class)
class HandoverIT extends ApiTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    private ChainEnds chainEnds;

    @BeforeEach
    void clear() {
        chainEnds.ended.clear();
    }

    @Test
    void anOpenStreamsChainHasCompletedAndTheStreamStillDelivers() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        var stream = eventStream(HttpMethod.GET).returnResult(SSE).getResponseBody();
        StepVerifier.create(stream)
            // the opening heartbeat: the stream is open
            .assertNext(heartbeat -> assertThat(heartbeat.comment()).isEqualTo("heartbeat"))
            .then(() -> await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(chainEnds.ended).contains("/articles/events onComplete")))
            .then(() -> createArticle(token, "Past the chain"))
            .thenConsumeWhile(e -> e.event() == null)
            .assertNext(e -> {
                assertThat(e.event()).isEqualTo("article-created");
                assertThat(e.data()).contains("\"title\":\"Past the chain\"");
            })
            .thenCancel()
            .verify(Duration.ofSeconds(20));
    }

    /** HEAD answers GET's status and headers at once: it does not wait for the stream. */
    @Test
    void headOfTheStreamAnswersAtOnce() {
        eventStream(HttpMethod.HEAD).expectBody().isEmpty();
    }

    /** The event stream asked for with {@code method}: 200, as server-sent events. */
    private WebTestClient.ResponseSpec eventStream(HttpMethod method) {
        return http.method(method)
            .uri("/articles/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM);
    }

    /** Records each request's chain as it ends: its path and how it ended. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ChainEnds {

        final Queue<String> ended = new ConcurrentLinkedQueue<>();

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebFilter chainEnds() {
            return (exchange, chain) -> chain.filter(exchange)
                .doFinally(signal -> ended.add(exchange.getRequest().getPath().value() + " " + signal));
        }

    }

}
