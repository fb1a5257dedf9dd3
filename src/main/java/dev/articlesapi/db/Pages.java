package dev.articlesapi.db;

import reactor.core.publisher.Mono;

/** Keyset pages of a stream, read so that a slow subscriber never holds a pooled connection. */
public final class Pages {

    private Pages() {}

    /**
     * The page, read whole as soon as it is subscribed, whatever the subscriber has asked for. A stream subscribes to
     * its next page ({@code expand}) before its client has taken the current one, and a collecting Mono asks its
     * rows only when asked itself: the next query then ran, but its rows waited in the connection, and the pooled
     * connection stayed taken for as long as a slow client took to read the page before (bench/faults.sh: slow
     * readers took every connection). Read at once, the page waits in memory instead (one page of look-ahead per
     * stream) and its connection goes back as soon as its rows have arrived. A cancel does not cut the read short:
     * finishing one bounded page is cheaper than discarding a connection mid-answer (see ConnectionGuard).
     */
    public static <P> Mono<P> readNow(Mono<P> page) {
        return Mono.fromFuture(page::toFuture, true);
    }
}
