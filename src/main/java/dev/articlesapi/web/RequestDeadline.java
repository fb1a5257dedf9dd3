package dev.articlesapi.web;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request starts its answer within {@code articles.request-timeout}: one that has not by then (the database
 * does not answer, or the server is too busy to get to it) is cancelled, which gives its connection back, and
 * answered 503 with Retry-After. A response that has started (a stream, the live events) is not cut: the deadline
 * is for the first byte, not the last.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestDeadline implements WebFilter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Duration timeout;

    RequestDeadline(@Value("${articles.request-timeout}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<Long> deadline = Mono.delay(timeout)
                .filter(t -> !exchange.getResponse().isCommitted())
                .switchIfEmpty(Mono.never());
        return chain.filter(exchange).timeout(deadline, Mono.error(() -> ApiException.unavailable(
                "No answer within " + timeout.toMillis() + " ms: the database is slow or unreachable, or the "
                        + "server is busy; try again shortly", RETRY_AFTER)));
    }
}
