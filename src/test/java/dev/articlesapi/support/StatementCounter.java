package dev.articlesapi.support;

import dev.articlesapi.db.LoopPools;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Wraps the application's ConnectionFactory in an r2dbc-proxy that counts every SQL
 * statement executed, and every transaction begun.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter implements ProxyExecutionListener {

    private final AtomicInteger statements = new AtomicInteger();

    private final AtomicInteger transactions = new AtomicInteger();

    private final Queue<String> queries = new ConcurrentLinkedQueue<>();

    private volatile LoopPools pool;

    @Bean
    static BeanPostProcessor countingConnectionFactory(ObjectProvider<StatementCounter> counter) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ConnectionFactory cf && name.equals("connectionFactory")) {
                    StatementCounter c = counter.getObject();
                    c.pool = LoopPools.under(cf);
                    return ProxyConnectionFactory.builder(cf).listener(c).build();
                }
                return bean;
            }
        };
    }

    @Override
    public void beforeQuery(QueryExecutionInfo info) {
        statements.addAndGet(info.getQueries().size());
        info.getQueries().forEach(query -> queries.add(query.getQuery()));
    }

    @Override
    public void beforeMethod(MethodExecutionInfo info) {
        if (info.getMethod().getName().equals("beginTransaction")) {
            transactions.incrementAndGet();
        }
    }

    public void reset() {
        queries.clear();
        statements.set(0);
        transactions.set(0);
    }

    /** Transactions begun since the last reset. */
    public int transactions() {
        return transactions.get();
    }

    /** Connections of the application's pool that are handed out right now. */
    public int acquiredConnections() {
        return pool.acquiredSize();
    }

    public int count() {
        return statements.get();
    }

    /** The SQL of the statements executed since the last reset, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

}
