package dev.articlesapi.auth;

import dev.articlesapi.web.ApiException;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** The caller of a request, for handlers. */
public final class Auth {

    private Auth() {}

    /** The signed-in caller; a 401 error when there is none (security already guards these routes). */
    public static Mono<AuthUser> user(ServerRequest req) {
        return optionalUser(req).switchIfEmpty(Mono.error(() -> ApiException.unauthorized("Sign in first")));
    }

    /** The signed-in caller, or empty for an anonymous request. */
    public static Mono<AuthUser> optionalUser(ServerRequest req) {
        return req.principal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .filter(AuthUser.class::isInstance)
                .cast(AuthUser.class);
    }
}
