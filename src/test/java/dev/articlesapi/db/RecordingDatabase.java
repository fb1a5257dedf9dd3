package dev.articlesapi.db;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A PostgreSQL stand-in at the driver's door: it records the text of every statement
 * created on its connections (what the driver would receive) and answers each with no
 * rows and no row updated. The repositories run on it unchanged, through a
 * {@link DatabaseClient} made as for PostgreSQL (named parameters expanded to {@code $n})
 * and through {@link Reads}.
 */
public final class RecordingDatabase implements ConnectionFactory {

    private final List<String> sent = new ArrayList<>();

    public DatabaseClient client() {
        return DatabaseClient.create(this);
    }

    public Reads reads() {
        return new Reads(this);
    }

    /** The one statement {@code call} sends when subscribed to (to its end). */
    public String sentBy(Publisher<?> call) {
        List<String> statements = allSentBy(call);
        if (statements.size() != 1) {
            throw new AssertionError("expected one statement, got " + statements.size() + ": " + statements);
        }
        return statements.get(0);
    }

    /** The statements {@code call} sends when subscribed to (to its end), in order. */
    public List<String> allSentBy(Publisher<?> call) {
        take();
        Flux.from(call).blockLast(Duration.ofSeconds(10));
        return take();
    }

    /** The statements sent since the last call, in order. */
    public synchronized List<String> take() {
        List<String> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    private synchronized void record(String sql) {
        sent.add(sql);
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.fromSupplier(RecordingConnection::new);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        // the name DatabaseClient picks PostgreSQL's bind markers by
        return () -> "PostgreSQL";
    }

    private final class RecordingConnection implements Connection {

        @Override
        public Statement createStatement(String sql) {
            record(sql);
            return new NoRows();
        }

        @Override
        public Publisher<Void> close() {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return Mono.empty();
        }

        @Override
        public Batch createBatch() {
            throw new UnsupportedOperationException("no statement of the API is a batch");
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return Mono.empty();
        }

        @Override
        public boolean isAutoCommit() {
            return true;
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return new ConnectionMetadata() {
                @Override
                public String getDatabaseProductName() {
                    return "PostgreSQL";
                }

                @Override
                public String getDatabaseVersion() {
                    return "18";
                }
            };
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return IsolationLevel.READ_COMMITTED;
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return Mono.empty();
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return Mono.empty();
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return Mono.just(true);
        }

    }

    private static final class NoRows implements Statement, Result {

        @Override
        public Statement add() {
            return this;
        }

        @Override
        public Statement bind(int index, Object value) {
            return this;
        }

        @Override
        public Statement bind(String name, Object value) {
            return this;
        }

        @Override
        public Statement bindNull(int index, Class<?> type) {
            return this;
        }

        @Override
        public Statement bindNull(String name, Class<?> type) {
            return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
            return Mono.just(this);
        }

        @Override
        public Publisher<Long> getRowsUpdated() {
            return Mono.just(0L);
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return Flux.empty();
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return Flux.empty();
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return this;
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return Flux.empty();
        }

    }

}
