package dev.articlesapi.auth;

import dev.articlesapi.web.Caller;
import static org.springframework.web.reactive.function.server.ServerResponse.created;
import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

@Component
class AuthenticationHandler {

    private final AuthenticationService service;
    private final TokenService tokens;
    private final RequestBodies bodies;
    private final CookieProperties cookie;

    AuthenticationHandler(AuthenticationService service, TokenService tokens, RequestBodies bodies,
                          CookieProperties cookie) {
        this.service = service;
        this.tokens = tokens;
        this.bodies = bodies;
        bodies.warm(SignUpRequest.class, LogInRequest.class);
        this.cookie = cookie;
    }

    Mono<ServerResponse> signUp(ServerRequest req) {
        return bodies.valid(req, SignUpRequest.class)
                .flatMap(r -> service.signUp(r, clientAddress(req)))
                .flatMap(u -> created(URI.create("/users/" + u.id())).bodyValue(u));
    }

    Mono<ServerResponse> logIn(ServerRequest req) {
        return bodies.valid(req, LogInRequest.class)
                .flatMap(r -> service.logIn(r, clientAddress(req)))
                .flatMap(in -> ok()
                        .header(HttpHeaders.SET_COOKIE, cookie(in.token(), tokens.lifetime()).toString())
                        .bodyValue(in.user()));
    }

    Mono<ServerResponse> logOut(ServerRequest req) {
        return Caller.of(req).flatMap(service::logOut).then(noContent()
                .header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString())
                .build());
    }

    Mono<ServerResponse> me(ServerRequest req) {
        return Caller.of(req).flatMap(service::me).flatMap(u -> ok().bodyValue(u));
    }

    /**
     * The client's address as throttling counts it (behind a proxy: as forwarded, with
     * server.forward-headers-strategy set): an IPv4 address, or an IPv6 address's /64 network.
     */
    private static String clientAddress(ServerRequest req) {
        return req.remoteAddress().map(a -> a.getAddress() == null ? a.getHostString()
                : Throttle.clientKey(a.getAddress())).orElse("unknown");
    }

    private ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(cookie.name(), value)
                .httpOnly(true)
                .path("/")
                .maxAge(maxAge)
                .sameSite("Strict")
                .secure(cookie.secure())
                .build();
    }
}
