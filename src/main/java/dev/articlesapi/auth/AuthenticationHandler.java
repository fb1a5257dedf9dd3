package dev.articlesapi.auth;

import static org.springframework.web.reactive.function.server.ServerResponse.created;
import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.CookieProperties;
import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

@Component
class AuthenticationHandler {

    static final String REFRESH_PATH = "/authentication/refresh";

    private final AuthenticationService service;

    private final AccessTokens accessTokens;

    private final RefreshTokens refreshTokens;

    private final RequestBodies bodies;

    private final CookieProperties cookie;

    AuthenticationHandler(AuthenticationService service, AccessTokens accessTokens, RefreshTokens refreshTokens,
            RequestBodies bodies, CookieProperties cookie) {
        this.service = service;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
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
            .flatMap(this::signedIn);
    }

    Mono<ServerResponse> refresh(ServerRequest req) {
        HttpCookie presented = req.cookies().getFirst(cookie.refreshName());
        return service.refresh(presented == null ? null : presented.getValue())
            .onErrorResume(AuthenticationService.RefreshRefused.class, e -> {
                if (!e.keepCookie()) {
                    req.exchange()
                        .getResponse()
                        .getHeaders() // kept on the 401 the error becomes
                        .add(HttpHeaders.SET_COOKIE, refreshCookie("", Duration.ZERO).toString());
                }
                return Mono.error(e);
            })
            .flatMap(this::signedIn);
    }

    Mono<ServerResponse> logOut(ServerRequest req) {
        return Caller.of(req)
            .flatMap(service::logOut)
            .then(noContent()
                .header(HttpHeaders.SET_COOKIE, accessCookie("", Duration.ZERO).toString(),
                        refreshCookie("", Duration.ZERO).toString())
                .build());
    }

    /** The user as the sign-in lookup of this request read them: no second statement. */
    Mono<ServerResponse> me(ServerRequest req) {
        return req.principal()
            .ofType(SignedIn.class)
            .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("Sign in first")))
            .flatMap(signedIn -> ok().bodyValue(signedIn.user()));
    }

    private Mono<ServerResponse> signedIn(AuthenticationService.Tokens tokens) {
        return ok()
            .header(HttpHeaders.SET_COOKIE, accessCookie(tokens.accessToken(), accessTokens.lifetime()).toString(),
                    refreshCookie(tokens.refreshToken(), refreshTokens.lifetime()).toString())
            .bodyValue(tokens.user());
    }

    /**
     * The client's address as throttling counts it (behind a proxy: as forwarded, with
     * server.forward-headers-strategy set): an IPv4 address, or an IPv6 address's /64
     * network.
     */
    private static String clientAddress(ServerRequest req) {
        return req.remoteAddress()
            .map(a -> a.getAddress() == null ? a.getHostString() : Throttle.clientKey(a.getAddress()))
            .orElse("unknown");
    }

    private ResponseCookie accessCookie(String value, Duration maxAge) {
        return cookie(cookie.name(), value, "/", maxAge);
    }

    /**
     * Sent back to the refresh route only: no other request carries the long-lived token.
     */
    private ResponseCookie refreshCookie(String value, Duration maxAge) {
        return cookie(cookie.refreshName(), value, REFRESH_PATH, maxAge);
    }

    private ResponseCookie cookie(String name, String value, String path, Duration maxAge) {
        return ResponseCookie.from(name, value)
            .httpOnly(true)
            .path(path)
            .maxAge(maxAge)
            .sameSite("Strict")
            .secure(cookie.secure())
            .build();
    }

}
