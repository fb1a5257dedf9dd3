package dev.articlesapi.web;

import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Every request starts its answer within {@code articles.request-timeout}: one that has
 * not by then (the database does not answer, or the server is too busy to get to it) is
 * cancelled, which gives its connection back, and answered 503 with Retry-After. A
 * response that has started (a stream, the live events) is not cut: the deadline is for
 * the first byte, not the last. A body still being uploaded when the deadline comes is
 * the client's time, not the server's: the deadline then counts from the end of the
 * upload.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestDeadline implements WebFilter {

    private final Duration timeout;

    RequestDeadline(ApiProperties settings) {
        this.timeout = settings.requestTimeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        Upload upload = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                ? new Upload() : null;
        ServerWebExchange tracked = upload == null ? exchange
                : exchange.mutate().request(upload.track(exchange.getRequest())).build();
        Scheduler timer = EventLoops.timerOf(exchange);
        Mono<Long> deadline = Mono.delay(timeout, timer)
            .flatMap(t -> upload != null && upload.inProgress() ? upload.ended().then(Mono.delay(timeout, timer))
                    : Mono.just(t))
            .filter(t -> !exchange.getResponse().isCommitted())
            .switchIfEmpty(Mono.never());
        return chain.filter(tracked)
            .timeout(deadline,
                    Mono.error(() -> ApiException.unavailable("No answer within " + timeout.toMillis()
                            + " ms: the database is slow or unreachable, or the " + "server is busy; try again shortly",
                            ProblemWriter.RETRY_AFTER)));
    }

    /** Whether the request body is being read right now, and when it has been read. */
    private static final class Upload {

        private final Sinks.Empty<Void> end = Sinks.empty();

        private volatile boolean started;

        private volatile boolean done;

        ServerHttpRequest track(ServerHttpRequest request) {
            return new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return super.getBody().doOnSubscribe(s -> started = true).doFinally(s -> {
                        done = true;
                        end.tryEmitEmpty();
                    });
                }
            };
        }

        boolean inProgress() {
            return started && !done;
        }

        Mono<Void> ended() {
            return end.asMono();
        }

    }

}
