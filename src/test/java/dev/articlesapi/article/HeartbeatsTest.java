package dev.articlesapi.article;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class HeartbeatsTest {

    @Test
    void heartbeatAtOnceThenEveryIntervalAndStopsWithTheEvents() {
        StepVerifier.withVirtualTime(() -> Heartbeats.with(
                        Flux.just(ServerSentEvent.builder("e").build()).delayElements(Duration.ofSeconds(40)),
                        Duration.ofSeconds(15)))
                .expectSubscription()
                .expectNextMatches(e -> "heartbeat".equals(e.comment()))
                .thenAwait(Duration.ofSeconds(15))
                .expectNextMatches(e -> "heartbeat".equals(e.comment()))
                .thenAwait(Duration.ofSeconds(15))
                .expectNextMatches(e -> "heartbeat".equals(e.comment()))
                .thenAwait(Duration.ofSeconds(10))
                .expectNextMatches(e -> "e".equals(e.data()))
                .verifyComplete();
    }
}
