package dev.articlesapi.article;

import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * A heartbeat at once (so that the response starts even before the first event) and then every interval while the
 * stream lives, so that proxies and clients keep an idle connection open.
 */
final class Heartbeats {

    private Heartbeats() {}

    static <T> Flux<T> with(Flux<T> events, T heartbeat, Duration every) {
        Flux<T> beats = Flux.interval(Duration.ZERO, every).map(i -> heartbeat);
        return events.publish(shared -> Flux.merge(shared, beats.takeUntilOther(shared.ignoreElements().onErrorComplete())));
    }
}
