package dev.articlesapi.db;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Until the migrations have run, every request but the actuator's is answered 503 with Retry-After. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class MigrationsGate implements WebFilter {

    private final Migrations migrations;

    MigrationsGate(Migrations migrations) {
        this.migrations = migrations;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (migrations.done() || exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        return Mono.error(ApiException.unavailable("The database is not ready yet; try again shortly",
                ProblemWriter.RETRY_AFTER));
    }
}
