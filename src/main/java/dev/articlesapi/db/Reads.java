package dev.articlesapi.db;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.DatabaseErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The hottest reads (an article, a category, a page of articles and the chunks of its
 * stream, the signed-in caller): one statement outside any transaction, run on a pooled
 * connection through the R2DBC interfaces themselves. {@code DatabaseClient} wraps the
 * same steps in layers these reads do not need (a transaction lookup that fails with an
 * exception on every call outside one, a reflective close-suppressing proxy of the
 * connection, named-parameter expansion): without them GET /articles/{id} was faster in 6
 * of 7 interleaved rounds, by 4% in the median (bench/README.md). Parameters are
 * positional ({@code $1}, {@code $2}...) and never null. The connection comes from the
 * same guarded pool, and the driver's errors are translated as {@code DatabaseClient}
 * translates them ({@link DatabaseErrors#translate}), so the problem handler answers both
 * alike.
 * <p>
 * {@link #replicaAllowed()} gives the same reads for the public reads that a replica may
 * serve ({@link Replicas}): on a usable replica when the request is a GET or HEAD that
 * {@link ReadAfter} marked, and has replayed the caller's last write; on the primary
 * otherwise, and again on the primary when the replica fails before answering a row.
 * Without replicas it is these reads themselves: nothing is added to a read.
 */
@Component
public class Reads {

    private final ConnectionFactory connections;

    private final Reads replicaAllowed;

    @Autowired
    Reads(ConnectionFactory connections, Replicas replicas) {
        this.connections = connections;
        this.replicaAllowed = replicas.any() ? new Routed(connections, replicas) : this;
    }

    Reads(ConnectionFactory connections) {
        this.connections = connections;
        this.replicaAllowed = this;
    }

    /**
     * These reads, on a replica where the request allows it (a public read: never inside
     * a write, never about the signed-in caller).
     */
    public Reads replicaAllowed() {
        return replicaAllowed;
    }

    /**
     * The one row of the statement, mapped; empty when there is none, an error when there
     * are more.
     */
    public <T> Mono<T> one(String sql, Function<? super Readable, T> map, Object... params) {
        return all(sql, map, params).singleOrEmpty();
    }

    /** Every row of the statement, mapped, in order. */
    public <T> Flux<T> all(String sql, Function<? super Readable, T> map, Object... params) {
        return run(connections, sql, map, params);
    }

    static <T> Flux<T> run(ConnectionFactory connections, String sql, Function<? super Readable, T> map,
            Object[] params) {
        return Flux
            .usingWhen(connections.create(),
                    c -> Flux.from(bound(c, sql, params).execute()).concatMap(result -> result.map(map::apply)),
                    Connection::close, (c, error) -> c.close(), Connection::close)
            .onErrorMap(R2dbcException.class, e -> DatabaseErrors.translate(e, sql));
    }

    private static Statement bound(Connection c, String sql, Object[] params) {
        Statement statement = c.createStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.bind(i, Objects.requireNonNull(params[i], "parameter"));
        }
        return statement;
    }

    /** The reads of {@link #replicaAllowed()} when there are replicas. */
    private static final class Routed extends Reads {

        private final ConnectionFactory primary;

        private final Replicas replicas;

        Routed(ConnectionFactory primary, Replicas replicas) {
            super(primary);
            this.primary = primary;
            this.replicas = replicas;
        }

        @Override
        public Reads replicaAllowed() {
            return this;
        }

        @Override
        public <T> Flux<T> all(String sql, Function<? super Readable, T> map, Object... params) {
            return Flux.deferContextual(context -> {
                Long after = context.getOrDefault(ReadAfter.CONTEXT_KEY, null);
                Replica replica = after == null ? null : replicas.pick(after);
                if (replica == null) {
                    return run(primary, sql, map, params);
                }
                AtomicBoolean answered = new AtomicBoolean();
                return run(replica.connections(), sql, map, params).doOnNext(row -> answered.set(true))
                    .onErrorResume(e -> !answered.get() && replicaFault(e), e -> {
                        replicas.failed(replica, e);
                        return run(primary, sql, map, params);
                    });
            });
        }

        /**
         * Not the statement's fault (a 4xx the primary would answer alike), but the
         * replica's: unreachable, shut down, slow, out of connections, or a query
         * cancelled by a conflict with recovery.
         */
        private static boolean replicaFault(Throwable e) {
            ApiException answer = DatabaseErrors.answer(e);
            return answer == null || answer.getStatusCode().is5xxServerError();
        }

    }

}
