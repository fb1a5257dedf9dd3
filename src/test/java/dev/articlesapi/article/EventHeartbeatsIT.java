package dev.articlesapi.article;

import dev.articlesapi.support.ApiTest;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Every event stream starts with a heartbeat and then gets one every interval from the
 * instance's one ticker, while events go on arriving between them.
 */
@TestPropertySource(properties = "articles.events.heartbeat=300ms")
class EventHeartbeatsIT extends ApiTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    private static final Predicate<ServerSentEvent<String>> HEARTBEAT = e -> "heartbeat".equals(e.comment())
            && e.event() == null && e.data() == null;

    private Flux<ServerSentEvent<String>> subscribe() {
        return http.get()
            .uri("/articles/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(SSE)
            .getResponseBody();
    }

    @Test
    void everyStreamGetsAHeartbeatAtOnceThenEveryIntervalAndItsEventsBetween() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        Flux<ServerSentEvent<String>> other = subscribe();
        StepVerifier.create(subscribe())
            .expectNextMatches(HEARTBEAT)
            .then(() -> createArticle(token, "Between heartbeats"))
            .thenConsumeWhile(HEARTBEAT)
            .expectNextMatches(
                    e -> "article-created".equals(e.event()) && e.data().contains("\"title\":\"Between heartbeats\""))
            .expectNextMatches(HEARTBEAT)
            .expectNextMatches(HEARTBEAT)
            .thenCancel()
            .verify(Duration.ofSeconds(20));
        StepVerifier.create(other.filter(HEARTBEAT.negate()))
            .expectNextMatches(e -> e.data().contains("\"title\":\"Between heartbeats\""))
            .thenCancel()
            .verify(Duration.ofSeconds(20));
    }

}
