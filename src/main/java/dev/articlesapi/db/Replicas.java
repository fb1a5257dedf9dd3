package dev.articlesapi.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The replicas of {@code DATABASE_READ_URL} (none when it is blank), each with a pool of
 * its own, and which of them may serve a read now.
 * <p>
 * Every {@code articles.database.read-poll-every} the poller reads the primary's flushed
 * WAL position ({@code pg_current_wal_flush_lsn()}) and keeps the samples of the last
 * {@code DATABASE_READ_MAX_LAG}, then reads each replica's replayed position
 * ({@code pg_last_wal_replay_lsn()}). A replica is usable when it answers, is a standby,
 * and has replayed what the primary had written {@code DATABASE_READ_MAX_LAG} ago: the
 * lag is measured in time, not in bytes, so an idle primary costs a replica nothing and a
 * busy one does not make a current replica look behind. A replica that failed a read is
 * unusable until the poller finds it answering again.
 */
@Component
class Replicas implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Replicas.class);

    /**
     * Where the primary's next WAL record goes: every record inserted so far (a commit
     * with {@code synchronous_commit=off} included) is before it, so a replica that has
     * replayed it has every change committed before it was read. When the last record
     * ended exactly at a page's end, the insert position is past the next page's header
     * (24 bytes, 40 at a segment's start), which no replay reaches until another record
     * is written: the page's start stands for it, as nothing ends in a page header.
     */
    private static final String PRIMARY_POSITION = """
            SELECT lsn - CASE WHEN lsn % segment = 40 THEN 40 WHEN lsn % page = 24 THEN 24 ELSE 0 END AS lsn
            FROM (SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint AS lsn,
                         current_setting('wal_block_size')::bigint AS page,
                         pg_size_bytes(current_setting('wal_segment_size')) AS segment) AS insert""";

    /**
     * The end of the WAL the primary has flushed, which is all a standby can receive: the
     * end of a record, reached by a caught-up replica's replay (the insert position can
     * sit past a page header that no record reaches while the primary is idle).
     */
    private static final String PRIMARY_FLUSHED = "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint AS lsn";

    /** -1 on a server that is not a standby. */
    private static final String REPLAYED = "SELECT COALESCE((pg_last_wal_replay_lsn() - '0/0')::bigint, -1) AS lsn";

    /** A bound on each look at a server, beyond the pool's own time-outs. */
    private static final Duration LOOK_TIMEOUT = Duration.ofSeconds(3);

    private record Sample(long nanos, long lsn) {
    }

    private final ConnectionFactory primary;

    private final List<Replica> replicas;

    private final List<LoopPools> pools = new ArrayList<>();

    private final Duration maxLag;

    /**
     * The primary's positions, oldest first: the newest at or before now - maxLag, and
     * every later one.
     */
    private final Deque<Sample> samples = new ArrayDeque<>();

    private final AtomicInteger next = new AtomicInteger();

    Replicas(ConnectionFactory connectionFactory, DatabaseProperties settings, R2dbcProperties r2dbc,
            ReactorResourceFactory resources) {
        this.primary = connectionFactory;
        this.maxLag = settings.readMaxLag();
        List<Replica> list = new ArrayList<>();
        List<String> urls = settings.replicaUrls();
        for (int i = 0; i < urls.size(); i++) {
            // pools like the primary's (its size, time-outs, validation and driver
            // options) on the replica's URL
            LoopPools pool = LoopPools.create("replica-" + (i + 1), LoopPools.options(urls.get(i), r2dbc),
                    r2dbc.getPool(), 0, resources.getLoopResources());
            pools.add(pool);
            list.add(new Replica(display(urls.get(i)),
                    new ConnectionGuard.GuardedFactory(pool, settings.stallTimeout())));
        }
        this.replicas = List.copyOf(list);
        if (!replicas.isEmpty()) {
            log.info("Public reads go to {} replica(s) within {} of the primary: {}", replicas.size(), maxLag,
                    replicas.stream().map(Replica::name).toList());
        }
    }

    boolean any() {
        return !replicas.isEmpty();
    }

    List<Replica> all() {
        return replicas;
    }

    Duration maxLag() {
        return maxLag;
    }

    /**
     * A usable replica that has replayed the position {@code after} (0: any), taking
     * turns; null when none is: the read goes to the primary.
     */
    Replica pick(long after) {
        int n = replicas.size();
        int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (r.serves(after)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The primary's WAL position now: a change committed before this is at or before it.
     */
    Mono<Long> primaryPosition() {
        return position(primary, PRIMARY_POSITION);
    }

    /** The end of the WAL the primary has flushed. */
    Mono<Long> primaryFlushed() {
        return position(primary, PRIMARY_FLUSHED);
    }

    /** What the replica has replayed; -1 when it is not a standby. */
    static Mono<Long> replayed(Replica replica) {
        return position(replica.connections(), REPLAYED);
    }

    /**
     * One look at the primary and at every replica. Spring subscribes to it on its
     * schedule, the next look starting after this one ended.
     */
    @Scheduled(fixedDelayString = "${articles.database.read-poll-every}")
    Mono<Void> poll() {
        if (replicas.isEmpty()) {
            return Mono.empty();
        }
        return primaryFlushed().timeout(LOOK_TIMEOUT).doOnNext(this::sample).onErrorResume(e -> {
            // the replicas are judged on the last positions known
            log.debug("Could not read the primary's WAL position: {}", e.toString());
            return Mono.empty();
        }).thenMany(Flux.fromIterable(replicas).flatMap(this::look)).then();
    }

    private Mono<Void> look(Replica replica) {
        return replayed(replica).timeout(LOOK_TIMEOUT)
            .doOnNext(replayed -> judge(replica, replayed))
            .onErrorResume(e -> {
                change(replica, () -> replica.failed("unreachable: " + cause(e)));
                return Mono.empty();
            })
            .then();
    }

    private synchronized void sample(long lsn) {
        long now = System.nanoTime();
        samples.addLast(new Sample(now, lsn));
        long cutoff = now - maxLag.toNanos();
        while (samples.size() > 1 && second().nanos() <= cutoff) {
            samples.removeFirst();
        }
    }

    private Sample second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    private synchronized void judge(Replica replica, long replayed) {
        if (replayed < 0) {
            change(replica, () -> replica.failed("not a standby"));
            return;
        }
        if (samples.isEmpty()) {
            change(replica, () -> replica.failed("the primary's position is not known yet"));
            return;
        }
        long now = System.nanoTime();
        // the oldest sample the replica has not replayed: the primary has been ahead of
        // it since then
        Sample ahead = null;
        for (Sample s : samples) {
            if (s.lsn() > replayed) {
                ahead = s;
                break;
            }
        }
        Duration lag = ahead == null ? Duration.ZERO : Duration.ofNanos(now - ahead.nanos());
        // the newest sample at or before now - maxLag (or the oldest, younger than that,
        // while they are few)
        Sample bound = samples.getFirst();
        String problem = replayed >= bound.lsn() ? null : "more than " + maxLag + " behind the primary";
        change(replica, () -> replica.seen(replayed, lag, problem));
    }

    /**
     * Applies a change of the replica's state, and logs whether it may serve reads when
     * that changes.
     */
    private static void change(Replica replica, Runnable change) {
        boolean before = replica.usable();
        change.run();
        if (before != replica.usable()) {
            if (replica.usable()) {
                log.info("Replica {} serves reads again (lag {})", replica.name(), replica.lag());
            }
            else {
                log.warn("Replica {} is skipped, reads go to the primary: {}", replica.name(), replica.problem());
            }
        }
    }

    /** A read on the replica failed: skipped until the poller finds it answering. */
    void failed(Replica replica, Throwable e) {
        change(replica, () -> replica.failed("a read failed: " + cause(e)));
    }

    /** The innermost cause, in one line (not the statement that met it). */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString().lines().findFirst().orElse("");
    }

    private static Mono<Long> position(ConnectionFactory connections, String sql) {
        return Flux
            .usingWhen(connections.create(),
                    c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(result -> result.map(row -> row.get("lsn", Long.class))),
                    Connection::close, (c, error) -> c.close(), Connection::close)
            .next();
    }

    /** The URL without credentials or query, for the log and the health. */
    private static String display(String url) {
        String s = url.replaceAll("//[^@/]*@", "//");
        int query = s.indexOf('?');
        return query < 0 ? s : s.substring(0, query);
    }

    @Override
    public void destroy() {
        pools.forEach(LoopPools::close);
    }

}
