package dev.articlesapi.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.util.concurrent.EventExecutor;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.Wrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.r2dbc.metrics.ConnectionPoolMetrics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * A database's connections, in one pool per event loop of the HTTP server: pool
 * {@code i}'s connections are opened from loop {@code i} on the server's own
 * {@link LoopResources} (whose client side places a connection on the loop that opens
 * it), so they live on that loop. A request handled on loop {@code i} takes its
 * connection from pool {@code i}: its statement is written, its rows decoded and its
 * answer written on the one thread, without handing the work to another event loop and
 * back (two task hand-offs and two wake-ups per statement otherwise; bench/README.md).
 * <p>
 * The pools share the configured maximum ({@code DB_POOL_MAX_SIZE}) between them, so the
 * database sees no more connections than before. When a request's own pool has neither an
 * idle connection nor room for a new one, it borrows from another pool that has (a hop,
 * as every statement made before), and waits on its own only when none has: a burst on
 * one loop still gets every connection there is. Callers off the event loops (bcrypt's
 * threads, the timers) take the pools in turn. Each pool keeps every bound of the
 * configuration (acquire and connect time-outs, idle and life times, validation).
 */
public final class LoopPools implements ConnectionFactory, AutoCloseable {

    private final EventExecutor[] loops;

    private final ConnectionPool[] pools;

    private final PoolMetrics[] metrics;

    private final AtomicInteger turn = new AtomicInteger();

    private LoopPools(EventExecutor[] loops, ConnectionPool[] pools) {
        this.loops = loops;
        this.pools = pools;
        this.metrics = new PoolMetrics[pools.length];
        for (int i = 0; i < pools.length; i++) {
            metrics[i] = pools[i].getMetrics().orElseThrow();
        }
    }

    /**
     * Pools on the driver's options, sized by the configuration, {@code initialSize}
     * connections in all opened on first use, on the event loops of {@code resources}.
     */
    public static LoopPools create(String name, ConnectionFactoryOptions options, R2dbcProperties.Pool settings,
            int initialSize, LoopResources resources) {
        List<EventExecutor> loops = new ArrayList<>();
        resources.onServer(LoopResources.DEFAULT_NATIVE).forEach(loops::add);
        ConnectionFactory driver = ConnectionFactories
            .get(options.mutate().option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, resources).build());
        int count = Math.max(1, Math.min(loops.size(), settings.getMaxSize()));
        ConnectionPool[] pools = new ConnectionPool[count];
        for (int i = 0; i < count; i++) {
            Scheduler loop = Schedulers.fromExecutor(loops.get(i));
            var builder = ConnectionPoolConfiguration.builder(new OnLoop(driver, loop))
                .name(name + "-" + i)
                // OnLoop subscribes on the loop already: not on the pool's default single
                // thread
                .allocatorSubscribeOn(Schedulers.immediate())
                .initialSize(share(initialSize, i, count))
                .maxSize(Math.max(1, share(settings.getMaxSize(), i, count)))
                .maxIdleTime(settings.getMaxIdleTime())
                .validationDepth(settings.getValidationDepth());
            if (settings.getMaxAcquireTime() != null) {
                builder.maxAcquireTime(settings.getMaxAcquireTime());
            }
            if (settings.getMaxCreateConnectionTime() != null) {
                builder.maxCreateConnectionTime(settings.getMaxCreateConnectionTime());
            }
            if (settings.getMaxLifeTime() != null) {
                builder.maxLifeTime(settings.getMaxLifeTime());
            }
            if (settings.getValidationQuery() != null) {
                builder.validationQuery(settings.getValidationQuery());
            }
            pools[i] = new ConnectionPool(builder.build());
        }
        return new LoopPools(loops.subList(0, count).toArray(EventExecutor[]::new), pools);
    }

    /**
     * The driver's options for a URL, with the configured user and password unless the
     * URL names its own, and the configured driver properties unless the URL sets them.
     */
    public static ConnectionFactoryOptions options(String url, R2dbcProperties r2dbc) {
        ConnectionFactoryOptions parsed = ConnectionFactoryOptions.parse(url.replace(":pool:", ":"));
        var options = parsed.mutate();
        if (!parsed.hasOption(ConnectionFactoryOptions.USER) && r2dbc.getUsername() != null) {
            options.option(ConnectionFactoryOptions.USER, r2dbc.getUsername());
        }
        if (!parsed.hasOption(ConnectionFactoryOptions.PASSWORD) && r2dbc.getPassword() != null) {
            options.option(ConnectionFactoryOptions.PASSWORD, r2dbc.getPassword());
        }
        r2dbc.getProperties().forEach((key, value) -> {
            if (!parsed.hasOption(Option.valueOf(key))) {
                options.option(Option.valueOf(key), value);
            }
        });
        return options.build();
    }

    /**
     * The pools under a factory's wrappers (the stall guard's, a test's proxy); null when
     * there are none.
     */
    public static LoopPools under(ConnectionFactory factory) {
        Object f = factory;
        while (!(f instanceof LoopPools) && f instanceof Wrapped<?> wrapped) {
            f = wrapped.unwrap();
        }
        return f instanceof LoopPools pools ? pools : null;
    }

    /** Pool {@code i}'s share of {@code total} between {@code count} pools. */
    private static int share(int total, int i, int count) {
        return total / count + (i < total % count ? 1 : 0);
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> pick().create());
    }

    /**
     * The calling event loop's pool if it can hand out a connection now, else another
     * that can, else the calling loop's (to wait there).
     */
    private ConnectionPool pick() {
        int home = home();
        if (hasRoom(home)) {
            return pools[home];
        }
        for (int i = 1; i < pools.length; i++) {
            int other = (home + i) % pools.length;
            if (hasRoom(other)) {
                return pools[other];
            }
        }
        return pools[home];
    }

    private int home() {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return i;
            }
        }
        return Math.floorMod(turn.getAndIncrement(), pools.length);
    }

    private boolean hasRoom(int i) {
        PoolMetrics m = metrics[i];
        return m.idleSize() > 0 || m.allocatedSize() < m.getMaxAllocatedSize();
    }

    /** Connections handed out right now, in all the pools. */
    public int acquiredSize() {
        int acquired = 0;
        for (PoolMetrics m : metrics) {
            acquired += m.acquiredSize();
        }
        return acquired;
    }

    /**
     * Spring Boot's gauges of each pool ({@code r2dbc.pool.acquired}, {@code .idle},
     * {@code .pending}...), tagged {@code name=<name>-<loop>}.
     */
    public void bindMetrics(MeterRegistry registry, String name) {
        for (int i = 0; i < pools.length; i++) {
            new ConnectionPoolMetrics(pools[i], name + "-" + i, Tags.empty()).bindTo(registry);
        }
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pools[0].getMetadata();
    }

    @Override
    public void close() {
        for (ConnectionPool pool : pools) {
            pool.dispose();
        }
    }

    /** Opens the driver's connections from one event loop, so that they live on it. */
    private record OnLoop(ConnectionFactory driver, Scheduler loop) implements ConnectionFactory {

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(driver.create()).subscribeOn(loop);
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return driver.getMetadata();
        }

    }

}
