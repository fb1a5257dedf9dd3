package dev.articlesapi.article;

import java.time.Duration;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * A comment at once (so that the response starts even before the first event) and then every interval while the
 * stream lives, so that proxies and clients keep an idle connection open.
 */
final class Heartbeats {

    private Heartbeats() {}

    static <T> Flux<ServerSentEvent<T>> with(Flux<ServerSentEvent<T>> events, Duration every) {
        Flux<ServerSentEvent<T>> beats = Flux.interval(Duration.ZERO, every).map(i -> ServerSentEvent.<T>builder().comment("heartbeat").build());
        return events.publish(shared -> Flux.merge(shared, beats.takeUntilOther(shared.ignoreElements().onErrorComplete())));
    }
}
