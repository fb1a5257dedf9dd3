package dev.articlesapi.web;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Timers on the event loop of the request's connection. A per-request timer on Reactor's
 * parallel scheduler is a {@code ScheduledThreadPoolExecutor} task, scheduled and
 * cancelled under that executor's lock from every event loop (about 1.5% of GET
 * /articles/{id}'s CPU samples, bench/README.md); on the request's own loop it is an
 * entry in that loop's timer queue, added and removed by the loop's thread alone.
 */
public final class EventLoops {

    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    private EventLoops() {
    }

    /**
     * A scheduler on the event loop of the exchange's connection; Reactor's parallel
     * scheduler for an exchange that has none (a test's mock exchange).
     */
    public static Scheduler timerOf(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (request instanceof Connection connection) {
            EventLoop loop = connection.channel().eventLoop();
            return SCHEDULERS.computeIfAbsent(loop, l -> Schedulers.fromExecutorService(l, l.toString()));
        }
        return Schedulers.parallel();
    }

}
