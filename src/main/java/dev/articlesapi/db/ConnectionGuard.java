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
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps connections whose conversation with PostgreSQL may be broken out of the pool. The
 * pool gets back the connection, and drops it (local validation: it is closed) instead of
 * handing it to the next request, when:
 * <ul>
 * <li>it was held longer than {@code articles.database.stall-timeout}: presumed stuck on
 * a database that no longer answers (stopped, frozen, or behind a network that drops
 * packets). Its physical connection is closed on the spot, so whatever waits on it fails
 * at once (a 503 for the request). Every use of a pooled connection in this API is short
 * (one statement, one short transaction, one chunk of a stream), and PostgreSQL's own
 * {@code statement_timeout} (shorter) ends slow statements first, so only a database that
 * does not answer at all meets this;</li>
 * <li>a statement or transaction command on it had not received its whole answer when it
 * was given back (it was cancelled: a client gone mid-request, a request past its
 * deadline). r2dbc-postgresql keeps reading the rest of that answer, but under load the
 * next conversation on the connection was seen to receive rows of the cancelled one
 * ("metadata must not be null", a 500, bench/faults.sh): the connection is closed when it
 * is given back.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ConnectionGuard {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    @Bean
    static BeanPostProcessor stalledConnectionGuard(ObjectProvider<DatabaseProperties> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof ConnectionFactory pool && name.equals("connectionFactory")
                        ? new GuardedFactory(pool, settings.getObject().stallTimeout()) : bean;
            }
        };
    }

    record GuardedFactory(ConnectionFactory pool,
            Duration limit) implements ConnectionFactory, Wrapped<ConnectionFactory> {

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(pool.create()).map(c -> new GuardedConnection(c, limit));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return pool.getMetadata();
        }

        @Override
        public ConnectionFactory unwrap() {
            return pool;
        }
    }

    static final class GuardedConnection implements Connection, Wrapped<Connection> {

        private static final int HELD = 0;

        private static final int RELEASED = 1;

        private static final int ABORTED = 2;

        private final Connection pooled;

        private final Duration limit;

        /**
         * HELD, then RELEASED by its holder or ABORTED by the watchdog, whichever comes
         * first.
         */
        private final AtomicInteger state = new AtomicInteger(HELD);

        private final Disposable watchdog;

        /** Answers subscribed to and not yet ended. */
        private final AtomicInteger unfinished = new AtomicInteger();

        GuardedConnection(Connection pooled, Duration limit) {
            this.pooled = pooled;
            this.limit = limit;
            // on the connection's own event loop (a timer entry its thread alone adds and
            // removes), not on Reactor's parallel scheduler (a task queue under a lock)
            Scheduler loop = pooled instanceof Wrapped<?> wrapped ? wrapped.unwrap(Scheduler.class) : null;
            this.watchdog = (loop != null ? loop : Schedulers.parallel()).schedule(this::abort, limit.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        /**
         * Closes the physical connection under the pool's wrapper. Runs on a timer, with
         * no request to return its outcome to: the requests waiting on the connection
         * learn of it through their own failures.
         */
        private void abort() {
            if (!state.compareAndSet(HELD, ABORTED)) {
                return; // given back meanwhile: it may serve another request by now
            }
            log.warn("A database connection was held for more than {} without an answer; closing it", limit);
            closePhysical().subscribe(null, e -> log.debug("Closing a stalled connection failed: {}", e.toString()));
        }

        private Mono<Void> closePhysical() {
            // under the pool's wrapper (and any other): the driver's connection
            Connection physical = pooled;
            while (physical instanceof Wrapped<?> w && w.unwrap() instanceof Connection inner) {
                physical = inner;
            }
            return Mono.from(physical.close()).timeout(limit.multipliedBy(3));
        }

        /**
         * The publisher, counted as unfinished from its subscription until its answer
         * ends (complete or error). A cancel does not end it: the rest of the answer is
         * still on its way. The count, not the cancel signal, is what {@link #close()}
         * reads, because a cancel can reach this publisher after its holder has already
         * given the connection back (flatMap, for one, defers cancelling its inner
         * publishers to the thread draining it).
         */
        <T> Flux<T> watch(Publisher<T> answer) {
            return Flux.defer(() -> {
                AtomicBoolean ended = new AtomicBoolean();
                unfinished.incrementAndGet();
                Runnable end = () -> {
                    if (ended.compareAndSet(false, true)) {
                        unfinished.decrementAndGet();
                    }
                };
                return Flux.from(answer).doOnComplete(end).doOnError(e -> end.run());
            });
        }

        @Override
        public Publisher<Void> close() {
            return Mono.defer(() -> {
                if (state.compareAndSet(HELD, RELEASED)) {
                    watchdog.dispose();
                }
                Mono<Void> discard = unfinished.get() > 0 ? closePhysical().onErrorResume(e -> Mono.empty())
                        : Mono.empty();
                return discard.then(Mono.from(pooled.close()));
            });
        }

        @Override
        public Connection unwrap() {
            return pooled;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return watch(pooled.beginTransaction());
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return watch(pooled.beginTransaction(definition));
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return watch(pooled.commitTransaction());
        }

        @Override
        public Batch createBatch() {
            return pooled.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return pooled.createSavepoint(name);
        }

        @Override
        public Statement createStatement(String sql) {
            return new GuardedStatement(pooled.createStatement(sql), this);
        }

        @Override
        public boolean isAutoCommit() {
            return pooled.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return pooled.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return pooled.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return pooled.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return watch(pooled.rollbackTransaction());
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return pooled.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return pooled.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return pooled.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return pooled.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return pooled.setTransactionIsolationLevel(level);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return pooled.validate(depth);
        }

    }

    /** A statement whose answers are watched for cancels by its connection. */
    record GuardedStatement(Statement statement, GuardedConnection connection) implements Statement {

        @Override
        public Statement add() {
            statement.add();
            return this;
        }

        @Override
        public Statement bind(int index, Object value) {
            statement.bind(index, value);
            return this;
        }

        @Override
        public Statement bind(String name, Object value) {
            statement.bind(name, value);
            return this;
        }

        @Override
        public Statement bindNull(int index, Class<?> type) {
            statement.bindNull(index, type);
            return this;
        }

        @Override
        public Statement bindNull(String name, Class<?> type) {
            statement.bindNull(name, type);
            return this;
        }

        @Override
        public Statement returnGeneratedValues(String... columns) {
            statement.returnGeneratedValues(columns);
            return this;
        }

        @Override
        public Statement fetchSize(int rows) {
            statement.fetchSize(rows);
            return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
            return connection.watch(statement.execute()).map(r -> new GuardedResult(r, connection));
        }
    }

    record GuardedResult(Result result, GuardedConnection connection) implements Result {

        @Override
        public Publisher<Long> getRowsUpdated() {
            return connection.watch(result.getRowsUpdated());
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return connection.watch(result.map(mapping));
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return connection.watch(result.map(mapping));
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return new GuardedResult(result.filter(filter), connection);
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return connection.watch(result.flatMap(mapping));
        }
    }

}
