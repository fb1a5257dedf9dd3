package dev.articlesapi.db;

import dev.articlesapi.web.CookieProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Read-your-writes across the primary and its replicas (a bean only when replicas are
 * configured, see {@link ReplicaRouting}).
 * <ul>
 * <li>A write (POST, PUT, PATCH, DELETE) answered 2xx also answers the primary's WAL
 * position after it: {@code Set-Cookie: Read-After=<lsn>; Path=/; Max-Age=<max lag>;
 * HttpOnly; SameSite=Lax}. The browser sends it back with the client's next reads; past
 * {@code DATABASE_READ_MAX_LAG} every usable replica has that write anyway, so the cookie
 * ends then.</li>
 * <li>A GET or HEAD carries the position of the caller's last write in that cookie, or in
 * a {@code Read-After} request header (clients without a cookie store; the header wins),
 * 0 without either; it goes into the request's Reactor context, where
 * {@link Reads#replicaAllowed()} reads it: a replica serves the read only when it has
 * replayed that position, the primary otherwise. A read never waits for a replica: the
 * primary answers at once, and holds the caller's write by definition. A position that is
 * not one (a forged cookie) counts as a write the replicas have not replayed: the primary
 * answers.</li>
 * </ul>
 * Any other method gets no context entry, so that every read made inside a write stays on
 * the primary.
 */
final class ReadAfter implements WebFilter {

    static final String CONTEXT_KEY = ReadAfter.class.getName();

    static final String NAME = "Read-After";

    private static final Logger log = LoggerFactory.getLogger(ReadAfter.class);

    private final Replicas replicas;

    private final boolean secure;

    ReadAfter(Replicas replicas, CookieProperties cookies) {
        this.replicas = replicas;
        this.secure = cookies.secure();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            long after = position(request);
            return chain.filter(exchange).contextWrite(context -> context.put(CONTEXT_KEY, after));
        }
        if (HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
                || HttpMethod.DELETE.equals(method)) {
            ServerHttpResponse response = exchange.getResponse();
            response.beforeCommit(() -> written(response)
                    ? replicas.primaryPosition().doOnNext(lsn -> response.addCookie(cookie(lsn))).onErrorResume(e -> {
                        log.warn("No Read-After cookie for a write: the primary's WAL position could not be read: {}",
                                e.toString());
                        return Mono.empty();
                    }).then() : Mono.empty());
        }
        return chain.filter(exchange);
    }

    private static boolean written(ServerHttpResponse response) {
        HttpStatusCode status = response.getStatusCode();
        return status == null || status.is2xxSuccessful();
    }

    /**
     * The caller's last write; 0 when it sent none, {@code Long.MAX_VALUE} when garbled.
     */
    private static long position(ServerHttpRequest request) {
        String value = request.getHeaders().getFirst(NAME);
        if (value == null) {
            HttpCookie cookie = request.getCookies().getFirst(NAME);
            value = cookie == null ? null : cookie.getValue();
        }
        if (value == null || value.isEmpty()) {
            return 0;
        }
        long lsn = Lsn.parse(value.strip());
        return lsn < 0 ? Long.MAX_VALUE : lsn;
    }

    private ResponseCookie cookie(long lsn) {
        Duration maxLag = replicas.maxLag();
        long seconds = Math.max(1, (maxLag.toMillis() + 999) / 1000);
        return ResponseCookie.from(NAME, Lsn.format(lsn))
            .path("/")
            .maxAge(seconds)
            .httpOnly(true)
            .secure(secure)
            .sameSite("Lax")
            .build();
    }

}
