package dev.articlesapi.web;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves Swagger UI's page and files on bounded-elastic threads, never on a Netty event
 * loop: they are read from the application's jar and the swagger-ui webjar with blocking
 * I/O. Runs last, so only the handler, not security, moves threads.
 */
@Component
class StaticFilesOffEventLoop implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isDocs(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.boundedElastic());
        }
        return chain.filter(exchange);
    }

    static boolean isDocs(String path) {
        return path.equals("/swagger-ui.html") || path.startsWith("/webjars/");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
