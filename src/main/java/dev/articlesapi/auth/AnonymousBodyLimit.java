package dev.articlesapi.auth;

import dev.articlesapi.web.ApiProperties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sign-up and log-in take bodies from anyone, so they have a small size limit of their
 * own (413 past it): a declared Content-Length over it is refused before any byte is
 * read, a chunked body as soon as it passes it.
 */
@Component
@Order(SecurityConfig.AFTER_SECURITY)
class AnonymousBodyLimit implements WebFilter {

    private static final Set<String> PATHS = Set.of("/authentication/sign-up", "/authentication/log-in");

    private final long max;

    AnonymousBodyLimit(ApiProperties settings) {
        this.max = settings.anonymousMaxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST || !PATHS.contains(routedPath(request))) {
            return chain.filter(exchange);
        }
        if (request.getHeaders().getContentLength() > max) {
            return Mono.error(tooLarge());
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        DataBufferUtils.release(buffer);
                        sink.error(tooLarge());
                    }
                    else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    /**
     * The path as the router matches it: each segment decoded and without its
     * ;parameters, so that {@code /authentication/log%2Din} or
     * {@code /authentication;x/log-in} cannot reach the route around this filter.
     */
    static String routedPath(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            path.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        return path.toString();
    }

    private DataBufferLimitException tooLarge() {
        return new DataBufferLimitException("Sign-up and log-in bodies are limited to " + max + " bytes");
    }

}
