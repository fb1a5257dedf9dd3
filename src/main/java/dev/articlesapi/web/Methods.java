package dev.articlesapi.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The methods of every path, derived from the router functions themselves (no list to
 * keep): consulted only for a request that no route took, it serves
 * <ul>
 * <li>HEAD with the GET route of the same request (Spring's {@code HttpWebHandlerAdapter}
 * drops the body and keeps the status and headers, Content-Length and ETag
 * included);</li>
 * <li>OPTIONS (a CORS preflight never gets here: the CORS filter answers it) with 204 and
 * {@code Allow};</li>
 * <li>another method on a path that exists with 405 and {@code Allow};</li>
 * <li>a method the path takes, refused only for its {@code Accept} (GET /articles with
 * {@code Accept: application/xml}: its routes select JSON, NDJSON or SSE by Accept) with
 * 406.</li>
 * </ul>
 * A path that no route serves with any method stays a 404. The security chains see HEAD
 * as the GET it stands for ({@link #asGet}).
 */
@Component
public class Methods extends AbstractHandlerMapping {

    /** The methods the routers' routes are probed with, in {@code Allow}'s order. */
    private static final List<HttpMethod> ROUTED = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE);

    private final Supplier<RouterFunction<?>> routes;

    private final List<HttpMessageReader<?>> readers;

    Methods(ObjectProvider<RouterFunction<?>> routers, ServerCodecConfigurer codecs) {
        // after the router functions (-1) and the annotated controllers (0), before the
        // static resources
        setOrder(1);
        this.routes = routes(routers);
        this.readers = codecs.getReaders();
    }

    /**
     * All the router functions in one, as Spring's RouterFunctionMapping combines them.
     */
    public static Supplier<RouterFunction<?>> routes(ObjectProvider<RouterFunction<?>> routers) {
        return SingletonSupplier.of(() -> routers.orderedStream()
            .<RouterFunction<?>>map(r -> r)
            .reduce(RouterFunction::andOther)
            .orElse(request -> Mono.empty()));
    }

    /** The request as the routes see it: a HEAD is the GET whose answer it asks for. */
    public static ServerRequest asGet(ServerRequest request) {
        return HttpMethod.HEAD.equals(request.method()) ? ServerRequest.from(request).method(HttpMethod.GET).build()
                : request;
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        ServerRequest request = ServerRequest.create(exchange, readers);
        HttpMethod method = request.method();
        if (HttpMethod.HEAD.equals(method)) {
            ServerRequest get = asGet(request);
            return routes.get()
                .route(get)
                .<Object>map(handler -> use(exchange, get.attributes(), handler))
                .switchIfEmpty(Mono.defer(() -> refuse(request, method)));
        }
        return refuse(request, method);
    }

    /**
     * What RouterFunctionMapping does with a route it found, for the GET behind a HEAD.
     */
    private Object use(ServerWebExchange exchange, Map<String, Object> matched, HandlerFunction<?> handler) {
        Map<String, Object> attributes = exchange.getAttributes();
        matched.forEach((name, value) -> {
            if (name.startsWith(RouterFunctions.class.getName())) {
                attributes.put(name, value);
            }
        });
        Object pattern = matched.get(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
            ServerRequestObservationContext.findCurrent(attributes)
                .ifPresent(context -> context.setPathPattern(pattern.toString()));
        }
        Object variables = matched.get(RouterFunctions.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            attributes.put(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
        }
        attributes.put(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        attributes.put(RouterFunctions.REQUEST_ATTRIBUTE, ServerRequest.create(exchange, readers));
        return handler;
    }

    private Mono<Object> refuse(ServerRequest request, HttpMethod method) {
        return allowed(request).flatMap(allowed -> {
            if (allowed.isEmpty()) {
                return Mono.empty();
            }
            if (HttpMethod.OPTIONS.equals(method)) {
                HandlerFunction<ServerResponse> options = r -> ServerResponse.noContent()
                    .headers(h -> h.setAllow(allowed))
                    .build();
                request.attributes().put(RouterFunctions.REQUEST_ATTRIBUTE, request);
                return Mono.just(options);
            }
            if (allowed.contains(method)) {
                return Mono.error(ApiException.notAcceptable());
            }
            return Mono.error(ApiException.methodNotAllowed(allowed));
        });
    }

    /**
     * The methods the routes take on the request's path, whatever its {@code Accept}:
     * GET, HEAD with it, POST, PUT, PATCH, DELETE, and OPTIONS when there is any; none
     * for a path that no route serves.
     */
    public Mono<Set<HttpMethod>> allowed(ServerRequest request) {
        return Flux.fromIterable(ROUTED)
            .filterWhen(m -> routes.get()
                .route(ServerRequest.from(request).method(m).headers(h -> h.remove(HttpHeaders.ACCEPT)).build())
                .hasElement())
            .collectList()
            .map(Methods::withHeadAndOptions);
    }

    private static Set<HttpMethod> withHeadAndOptions(List<HttpMethod> routed) {
        List<HttpMethod> all = new ArrayList<>(routed);
        if (routed.contains(HttpMethod.GET)) {
            all.add(1, HttpMethod.HEAD);
        }
        if (!routed.isEmpty()) {
            all.add(HttpMethod.OPTIONS);
        }
        return new LinkedHashSet<>(all);
    }

}
