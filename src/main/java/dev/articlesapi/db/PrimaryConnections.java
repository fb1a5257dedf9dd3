package dev.articlesapi.db;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The primary's connections ({@code spring.r2dbc.url}, with {@code spring.r2dbc.pool}'s
 * settings), in one pool per event loop of the HTTP server ({@link LoopPools}), in place
 * of Spring Boot's single pool.
 */
@Configuration(proxyBeanMethods = false)
class PrimaryConnections {

    @Bean
    LoopPools connectionFactory(R2dbcProperties r2dbc, ReactorResourceFactory resources) {
        return LoopPools.create("primary", LoopPools.options(r2dbc.getUrl(), r2dbc), r2dbc.getPool(),
                r2dbc.getPool().getInitialSize(), resources.getLoopResources());
    }

    /**
     * The pools' gauges, as Spring Boot's for its pool, named
     * {@code connectionFactory-0}, {@code -1}... (one per event loop).
     */
    @Bean
    MeterBinder connectionPoolMetrics(ObjectProvider<ConnectionFactory> connections) {
        return registry -> LoopPools.under(connections.getObject()).bindMetrics(registry, "connectionFactory");
    }

}
