package dev.articlesapi.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the OpenAPI document and Swagger UI on bounded-elastic threads, never on a Netty event loop: springdoc
 * builds the document synchronously (class scanning, a lock while it is built; again for each new request locale)
 * and Swagger UI's files are read from a jar. Runs last, so only the handler, not security, moves threads.
 */
@Component
class DocsOffEventLoop implements WebFilter, Ordered {

    private final List<String> prefixes;

    DocsOffEventLoop(@Value("${springdoc.api-docs.path:/v3/api-docs}") String apiDocs,
                     @Value("${springdoc.swagger-ui.path:/swagger-ui.html}") String swaggerUi) {
        String uiRoot = swaggerUi.substring(0, Math.max(0, swaggerUi.lastIndexOf('/')));
        this.prefixes = List.of(apiDocs, swaggerUi, uiRoot + "/swagger-ui/", "/webjars/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isDocs(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.boundedElastic());
        }
        return chain.filter(exchange);
    }

    boolean isDocs(String path) {
        return prefixes.stream().anyMatch(path::startsWith);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
