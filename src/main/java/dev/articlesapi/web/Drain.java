package dev.articlesapi.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Leaving a load balancer without a failed request. When the application context starts
 * closing (SIGTERM), Spring Boot turns readiness to refusing traffic
 * ({@code /actuator/health/readiness} answers 503); then, before anything stops, this
 * keeps the instance serving for {@code articles.shutdown.delay}, so that the load
 * balancer's health check sees it not ready and sends it nothing new, and answers each
 * request meanwhile with {@code Connection: close}, so that no idle keep-alive connection
 * is left for the balancer to reuse when the port closes. Only then do the event streams
 * end (their clients reconnect, through the balancer, to another instance) and does the
 * graceful shutdown of the web server begin (in-flight requests complete, within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}).
 */
@Component
class Drain implements WebFilter, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final ShutdownProperties props;

    private volatile boolean draining;

    Drain(ShutdownProperties props) {
        this.props = props;
    }

    /**
     * Runs on the thread that closes the context (a shutdown hook, never an event loop),
     * which it holds for the delay: nothing stops meanwhile.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining = true;
        if (props.delay().isZero()) {
            return;
        }
        log.info("Not ready; serving {} more before the event streams end and the port closes", props.delay());
        long end = System.nanoTime() + props.delay().toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (draining) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

}
