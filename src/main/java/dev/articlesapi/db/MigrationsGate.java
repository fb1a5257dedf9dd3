package dev.articlesapi.db;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.ProblemWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Until the migrations have run, every request but the actuator's is answered 503 with
 * Retry-After. Not a web filter bean of its own: the security chains run it after their
 * headers and CORS (so that this 503 carries them like every other answer) and before
 * anything reads a token (whose user the database could not answer for yet).
 */
@Component
public class MigrationsGate {

    private final Migrations migrations;

    MigrationsGate(Migrations migrations) {
        this.migrations = migrations;
    }

    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (migrations.done() || exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        return Mono.error(ApiException.unavailable("The database is not ready yet; try again shortly",
                ProblemWriter.RETRY_AFTER));
    }

}
