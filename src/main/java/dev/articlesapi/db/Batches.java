package dev.articlesapi.db;

import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bulk deletions in bounded statements, so that each stays far inside the statement
 * time-out.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} (it reports the rows it changed) again until one changes fewer
     * than {@code size}.
     */
    public static Flux<Long> repeat(int size, Supplier<Mono<Long>> batch) {
        return Mono.defer(batch).expand(n -> n < size ? Mono.empty() : Mono.defer(batch));
    }

}
