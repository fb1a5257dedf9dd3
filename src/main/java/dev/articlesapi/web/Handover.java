package dev.articlesapi.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AttributeKey;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Long-lived streams (the article events) written past the end of their request's chain.
 * The request goes through everything any request goes through (the firewall, the
 * security chain, CORS, the handler, observation, the request log) up to the stream's
 * first frame, which commits the headers; the rest of the stream is then written by
 * Reactor Netty on the same connection once that chain has completed. A subscriber thus
 * holds, for the stream's life, its connection and its stream only, not the request's
 * chain of operators, its exchange and its observation: 16 KB of live heap per subscriber
 * before, bench/README.md (10,000 concurrent clients).
 * <p>
 * A Reactor Netty route of its own takes GET on {@link #STREAMS} in front of Spring's
 * handler, runs Spring's handler, then writes what {@link #write} left it. A response
 * that is not on that route (HEAD, a test's mock server) is written whole by Spring, as
 * any other.
 * <p>
 * What the chain does when a request ends happens when the stream opens: the request log
 * and {@code http.server.requests} record a stream's opening, not its end.
 */
@Component
public class Handover implements NettyRouteProvider {

    /** The paths whose GET streams are handed over. */
    static final Set<String> STREAMS = Set.of("/articles/events");

    private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf(Handover.class.getName());

    private final ObjectProvider<HttpHandler> httpHandler;

    private volatile BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> spring;

    Handover(ObjectProvider<HttpHandler> httpHandler) {
        this.httpHandler = httpHandler;
    }

    /**
     * Writes {@code first} (which commits the response), then {@code rest}; {@code end}
     * runs once when the response has ended, however it ends. Past the chain when the
     * request came through the route, else through it.
     */
    public static Mono<Void> write(ServerHttpResponse response, byte[] first, Flux<byte[]> rest, Runnable end) {
        Runnable once = once(end);
        Slot slot = slotOf(response);
        if (slot == null) {
            return response
                .writeWith(Flux.concat(Mono.just(first), rest).map(bytes -> response.bufferFactory().wrap(bytes)))
                .doFinally(signal -> once.run());
        }
        slot.rest = rest.map(Unpooled::wrappedBuffer);
        slot.end = once;
        // a Flux, not a Mono: a single buffer written as a Mono would get a
        // Content-Length
        return response.writeWith(Flux.just(first).map(bytes -> response.bufferFactory().wrap(bytes)));
    }

    private static Slot slotOf(ServerHttpResponse response) {
        Object target;
        try {
            target = ServerHttpResponseDecorator.getNativeResponse(response);
        }
        catch (IllegalArgumentException notReactorNetty) {
            return null;
        }
        return target instanceof Connection connection ? connection.channel().attr(SLOT).get() : null;
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(Handover::isStream, this::handle);
    }

    private static boolean isStream(HttpServerRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            return false;
        }
        // every request of the server passes here: no substring per request
        String uri = request.uri();
        for (String path : STREAMS) {
            if (uri.startsWith(path) && (uri.length() == path.length() || uri.charAt(path.length()) == '?')) {
                return true;
            }
        }
        return false;
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        Slot slot = new Slot();
        Connection connection = (Connection) response;
        connection.channel().attr(SLOT).set(slot);
        // deferred: then() keeps its first source for its whole life, and Spring's
        // assembled answer references the exchange
        return Mono.defer(() -> spring().apply(request, response))
            .then(Mono.defer(() -> slot.rest == null ? Mono.empty() : response.send(slot.rest).then()))
            .doFinally(signal -> {
                connection.channel().attr(SLOT).set(null);
                slot.rest = null;
                if (slot.end != null) {
                    slot.end.run();
                }
            });
    }

    /**
     * Spring's handler, the application context's {@link HttpHandler} as the server's
     * main route has it (looked up once the server runs: the route is built before it
     * exists).
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> spring() {
        BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> adapter = this.spring;
        if (adapter == null) {
            adapter = new ReactorHttpHandlerAdapter(httpHandler.getObject());
            this.spring = adapter;
        }
        return adapter;
    }

    /** What the handler leaves to be written past the chain. */
    private static final class Slot {

        volatile Publisher<ByteBuf> rest;

        volatile Runnable end;

    }

}
