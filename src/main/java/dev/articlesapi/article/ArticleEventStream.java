package dev.articlesapi.article;

import dev.articlesapi.db.Pages;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Live article events for every subscriber of this instance, from the event table.
 *
 * <p>
 * While anyone subscribes, one poller reads new rows (id greater than its cursor)
 * whenever PostgreSQL's LISTEN/NOTIFY wakes it, and every {@code pollEvery} in case a
 * wake-up was lost, and broadcasts them as batches that carry the cursor they start
 * after. The LISTEN runs on a dedicated connection that is re-established with backoff
 * when it drops. Each subscriber keeps its own last delivered id: a batch that starts
 * beyond it (it missed something, or just arrived with a Last-Event-ID) first reads the
 * gap from the table, so each event reaches each subscriber exactly once, in id order. A
 * subscriber more than {@code maxBacklog} batches behind has its stream ended; it resumes
 * with Last-Event-ID.
 */
@Component
class ArticleEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ArticleEventStream.class);

    /**
     * Events after {@code after}; {@code after == Long.MAX_VALUE} asks the subscriber to
     * catch up.
     */
    record Batch(long after, List<ArticleEvent> events) {
    }

    /**
     * The SSE comment that keeps idle connections open: sent when a stream starts, then
     * by one shared ticker.
     */
    private static final byte[] HEARTBEAT_FRAME = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    /** The ticker's batch in the broadcast (compared by identity). */
    private static final Batch HEARTBEAT = new Batch(-1, List.of());

    private final ArticleEventLog eventLog;

    private final ConnectionFactory listenerConnections;

    private final EventProperties props;

    private final Flux<Batch> batches;

    /**
     * Emits when the streams open now must end; a new one after each start (a stopped
     * context may start again).
     */
    private volatile Sinks.One<Boolean> shutdown = Sinks.one();

    private volatile boolean running;

    ArticleEventStream(ArticleEventLog eventLog, R2dbcProperties r2dbc, EventProperties props) {
        this.eventLog = eventLog;
        this.props = props;
        this.listenerConnections = listenerConnections(r2dbc);
        // one heartbeat ticker for every subscriber of the instance, in the same
        // broadcast as the events, instead of
        // an interval, a publish and a merge per subscriber (bench/README.md, 10,000
        // concurrent clients)
        this.batches = Flux
            .merge(Flux.defer(() -> eventLog.maxId().flatMapMany(this::poll)),
                    Flux.interval(props.heartbeat()).onBackpressureDrop().map(tick -> HEARTBEAT))
            .publish()
            .refCount(1, Duration.ofSeconds(2));
    }

    /**
     * A plain (unpooled) connection factory for the LISTEN connection, on the API's
     * database.
     */
    private static ConnectionFactory listenerConnections(R2dbcProperties r2dbc) {
        var options = ConnectionFactoryOptions.parse(r2dbc.getUrl().replace(":pool:", ":")).mutate();
        if (r2dbc.getUsername() != null) {
            options.option(ConnectionFactoryOptions.USER, r2dbc.getUsername());
        }
        if (r2dbc.getPassword() != null) {
            options.option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword());
        }
        return ConnectionFactories.get(options.build());
    }

    /**
     * Where a subscription starts: after {@code lastEventId}, or without one after the
     * newest event now.
     */
    Mono<Long> start(Long lastEventId) {
        return lastEventId != null ? Mono.just(lastEventId) : eventLog.maxId();
    }

    /**
     * The frame a subscriber's stream opens with, at once (the response starts before any
     * event): a heartbeat.
     */
    static byte[] opening() {
        return HEARTBEAT_FRAME;
    }

    /**
     * The stream of a subscriber after its {@link #opening()}, as SSE frames: the events
     * after {@code start}, then live ones and the shared heartbeats, until shutdown.
     */
    Flux<byte[]> after(long start) {
        return Flux.defer(() -> {
            AtomicLong last = new AtomicLong(start);
            Flux<Batch> live = batches.onBackpressureBuffer(props.maxBacklog(), BufferOverflowStrategy.ERROR);
            return Flux.concat(Mono.just(new Batch(Long.MAX_VALUE, List.of())), live)
                .concatMap(batch -> deliver(batch, last));
        }).takeUntilOther(shutdown.asMono());
    }

    private Flux<byte[]> deliver(Batch batch, AtomicLong last) {
        if (batch == HEARTBEAT) {
            return Flux.just(HEARTBEAT_FRAME);
        }
        if (batch.after() > last.get()) {
            // a gap (a subscriber that just arrived, or one that fell behind): read it
            // from the table first
            return read(last.get(), batch.after()).concatWith(Flux.fromIterable(batch.events()))
                .filter(e -> e.id() > last.get())
                .doOnNext(e -> last.set(e.id()))
                .map(ArticleEvent::frame);
        }
        // the usual case, no gap: the batch's frames past what this subscriber has,
        // without a pipeline per batch
        List<ArticleEvent> events = batch.events();
        int from = 0;
        while (from < events.size() && events.get(from).id() <= last.get()) {
            from++;
        }
        if (from == events.size()) {
            return Flux.empty();
        }
        last.set(events.get(events.size() - 1).id());
        return Flux.fromStream(events.subList(from, events.size()).stream().map(ArticleEvent::frame));
    }

    /** Events in (after, upTo], read in keyset pages. */
    private Flux<ArticleEvent> read(long after, long upTo) {
        return Pages.rows(after, Long.MAX_VALUE, ArticleEvent::id, (from, size) -> eventLog.since(from, upTo, size));
    }

    private Flux<Batch> poll(long start) {
        AtomicLong cursor = new AtomicLong(start);
        return Flux.merge(listen(), Flux.interval(props.pollEvery()))
            .onBackpressureLatest()
            .concatMap(wakeUp -> readNew(cursor), 1);
    }

    /**
     * The events after the cursor, a batch per page (one even when there is none), moving
     * the cursor on.
     */
    private Flux<Batch> readNew(AtomicLong cursor) {
        return Flux.defer(() -> Pages.read(cursor.get(), Long.MAX_VALUE, ArticleEvent::id,
                (after, size) -> eventLog.since(after, Long.MAX_VALUE, size)))
            .map(events -> {
                long after = cursor.get();
                if (!events.isEmpty()) {
                    cursor.set(events.get(events.size() - 1).id());
                }
                return new Batch(after, events);
            })
            .onErrorResume(e -> {
                log.warn("Could not read article events (retrying on the next wake-up): {}", e.toString());
                return Flux.empty();
            });
    }

    /**
     * Wake-ups: one when (re)connected, one per NOTIFY; reconnects with backoff whenever
     * the connection drops.
     */
    private Flux<Object> listen() {
        return Flux.usingWhen(listenerConnections.create(), this::listenOn, Connection::close)
            .concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(5))
                .transientErrors(true)
                .doBeforeRetry(s -> log.warn("Event listener lost its connection ({}); reconnecting",
                        s.failure().toString())));
    }

    private Flux<Object> listenOn(Connection connection) {
        PostgresqlConnection pg = (PostgresqlConnection) connection;
        return pg.createStatement("LISTEN " + ArticleEventLog.CHANNEL)
            .execute()
            .flatMap(PostgresqlResult::getRowsUpdated)
            .thenMany(Flux.concat(Mono.just((Object) "connected"), pg.getNotifications()));
    }

    /**
     * Drops events older than the retention; Spring subscribes to the returned Mono on
     * its schedule.
     */
    @Scheduled(fixedDelayString = "${articles.events.prune-every}", initialDelayString = "PT1M")
    Mono<Void> prune() {
        return eventLog.prune(Instant.now().minus(props.retention())).doOnNext(n -> {
            if (n > 0) {
                log.info("Pruned {} article events older than {}", n, props.retention());
            }
        }).onErrorResume(e -> {
            log.warn("Could not prune article events: {}", e.toString());
            return Mono.empty();
        }).then();
    }

    @Override
    public void start() {
        shutdown = Sinks.one();
        running = true;
    }

    /**
     * Ends every live event stream first, so that a graceful shutdown does not wait for
     * them.
     */
    @Override
    public void stop() {
        running = false;
        shutdown.tryEmitValue(true);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

}
