package dev.articlesapi.db;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A connection taken from the pool and not given back within {@code articles.database.stall-timeout} is presumed
 * stuck on a database that no longer answers (stopped, frozen, or behind a network that drops packets): its
 * physical connection is closed. Whatever waits on it fails at once (a 503 for the request), and the pool drops
 * it (local validation) instead of handing a connection with a dead conversation to the next request. Every use of
 * a pooled connection in this API is short (one statement, one short transaction, one chunk of a stream), and
 * PostgreSQL's own {@code statement_timeout} (shorter) ends slow statements first, so only a database that does not
 * answer at all meets this guard.
 */
@Configuration(proxyBeanMethods = false)
class StalledConnections {

    private static final Logger log = LoggerFactory.getLogger(StalledConnections.class);

    @Bean
    static BeanPostProcessor stalledConnectionGuard(@Value("${articles.database.stall-timeout}") Duration limit) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof ConnectionFactory pool && name.equals("connectionFactory")
                        ? new GuardedFactory(pool, limit) : bean;
            }
        };
    }

    record GuardedFactory(ConnectionFactory pool, Duration limit) implements ConnectionFactory, Wrapped<ConnectionFactory> {

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

        private final Connection pooled;
        private final Duration limit;
        private final AtomicBoolean released = new AtomicBoolean();
        private final Disposable watchdog;

        GuardedConnection(Connection pooled, Duration limit) {
            this.pooled = pooled;
            this.limit = limit;
            this.watchdog = Schedulers.parallel().schedule(this::abort, limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * Closes the physical connection under the pool's wrapper. Runs on a timer, with no request to return its
         * outcome to: the requests waiting on the connection learn of it through their own failures.
         */
        private void abort() {
            if (released.get()) {
                return;
            }
            log.warn("A database connection was held for more than {} without an answer; closing it", limit);
            Connection physical = pooled instanceof Wrapped<?> w && w.unwrap() instanceof Connection c ? c : pooled;
            Mono.from(physical.close())
                    .timeout(limit)
                    .subscribe(null, e -> log.debug("Closing a stalled connection failed: {}", e.toString()));
        }

        @Override
        public Publisher<Void> close() {
            return Mono.defer(() -> {
                if (released.compareAndSet(false, true)) {
                    watchdog.dispose();
                }
                return Mono.from(pooled.close());
            });
        }

        @Override
        public Connection unwrap() {
            return pooled;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return pooled.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return pooled.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return pooled.commitTransaction();
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
            return pooled.createStatement(sql);
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
            return pooled.rollbackTransaction();
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
}
