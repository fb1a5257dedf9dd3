package dev.articlesapi.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * At most {@code max} subscriptions at once to what {@link #run} wraps. A permit is taken
 * when the wrapped stream is subscribed and given back when it completes, fails or is
 * cancelled; past the cap the stream fails at once, before its first element, so the
 * client gets a 503 with Retry-After instead of a response that never starts.
 */
public final class ConcurrencyLimit {

    private final String what;

    private final int max;

    private final AtomicInteger inUse = new AtomicInteger();

    public ConcurrencyLimit(String what, int max) {
        this.what = what;
        this.max = max;
    }

    public <T> Flux<T> run(Supplier<Flux<T>> stream) {
        return Flux.using(this::acquire, permit -> stream.get(), permit -> inUse.decrementAndGet());
    }

    /**
     * A place taken now, for a stream written later; the returned action gives it back,
     * to be run once ({@link Handover#write} does).
     * @throws ApiException (503) when every place is taken
     */
    public Runnable permit() {
        acquire();
        return inUse::decrementAndGet;
    }

    private Boolean acquire() {
        if (inUse.incrementAndGet() > max) {
            inUse.decrementAndGet();
            throw ApiException.unavailable("Too many open " + what + " (" + max + "); try again shortly",
                    ProblemWriter.RETRY_AFTER);
        }
        return Boolean.TRUE;
    }

}
