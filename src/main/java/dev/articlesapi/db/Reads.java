package dev.articlesapi.db;

import dev.articlesapi.web.DatabaseErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.Objects;
import java.util.function.Function;
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
 */
@Component
public class Reads {

    private final ConnectionFactory connections;

    Reads(ConnectionFactory connections) {
        this.connections = connections;
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

}
