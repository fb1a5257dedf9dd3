package dev.articlesapi.db;

import java.util.List;
import java.util.function.ToLongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keyset streams: rows in key order, read a page at a time
 * ({@code WHERE key > :after ORDER BY key LIMIT :size}, the next page after the last key
 * of the one before; the query decides the direction, descending alike with
 * {@code key < :after ORDER BY key DESC}), so that a slow subscriber never holds a pooled
 * connection and memory holds about one page whatever the row count.
 */
public final class Pages {

    /** Rows per page, for every keyset stream. */
    public static final int SIZE = 500;

    /**
     * One page: at most {@code size} rows with keys after {@code after}, in the query's
     * key order.
     */
    @FunctionalInterface
    public interface Query<T> {

        Flux<T> page(long after, int size);

    }

    private Pages() {
    }

    /**
     * The rows with keys after {@code after}, at most {@code limit} of them, in the
     * query's key order.
     */
    public static <T> Flux<T> rows(long after, long limit, ToLongFunction<T> key, Query<T> query) {
        return read(after, limit, key, query).flatMapIterable(page -> page, 1);
    }

    /**
     * The same rows a page at a time; the first page is emitted even when it is empty. A
     * page shorter than asked is the last one.
     */
    public static <T> Flux<List<T>> read(long after, long limit, ToLongFunction<T> key, Query<T> query) {
        return page(after, 0, limit, query).expand(p -> p.rows().size() < p.asked() || p.sent() >= limit ? Mono.empty()
                : page(key.applyAsLong(p.rows().get(p.rows().size() - 1)), p.sent(), limit, query))
            .map(Page::rows);
    }

    private record Page<T>(List<T> rows, int asked, long sent) {
    }

    private static <T> Mono<Page<T>> page(long after, long sent, long limit, Query<T> query) {
        int asked = (int) Math.min(SIZE, limit - sent);
        return readNow(query.page(after, asked).collectList()).map(rows -> new Page<>(rows, asked, sent + rows.size()));
    }

    /**
     * The page, read whole as soon as it is subscribed, whatever the subscriber has asked
     * for. A stream subscribes to its next page ({@code expand}) before its client has
     * taken the current one, and a collecting Mono asks its rows only when asked itself:
     * the next query then ran, but its rows waited in the connection, and the pooled
     * connection stayed taken for as long as a slow client took to read the page before
     * (bench/faults.sh: slow readers took every connection). Read at once, the page waits
     * in memory instead (one page of look-ahead per stream) and its connection goes back
     * as soon as its rows have arrived. A cancel does not cut the read short: finishing
     * one bounded page is cheaper than discarding a connection mid-answer (see
     * ConnectionGuard). The read keeps the request's context (the routing of
     * {@link Reads#replicaAllowed()} reads it), which a future alone would drop.
     */
    private static <P> Mono<P> readNow(Mono<P> page) {
        return Mono.deferContextual(context -> Mono.fromFuture(() -> page.contextWrite(context).toFuture(), true));
    }

}
