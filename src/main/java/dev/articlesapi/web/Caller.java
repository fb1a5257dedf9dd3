package dev.articlesapi.web;

import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Who calls a request: the signed-in user's id and role, as the sign-in lookup read them
 * for this request. Every feature may use it; it names no feature.
 */
public record Caller(long id, String role) {

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    /** Whether this caller may act on resources owned by {@code ownerId}. */
    public boolean mayActFor(long ownerId) {
        return id == ownerId || isAdmin();
    }

    /**
     * The signed-in caller; a 401 error when there is none (security already guards these
     * routes).
     */
    public static Mono<Caller> of(ServerRequest req) {
        return optional(req).switchIfEmpty(Mono.error(() -> ApiException.unauthorized("Sign in first")));
    }

    /** The signed-in caller, or empty for an anonymous request. */
    public static Mono<Caller> optional(ServerRequest req) {
        return req.principal()
            .filter(Authentication.class::isInstance)
            .map(p -> ((Authentication) p).getPrincipal())
            .filter(Caller.class::isInstance)
            .cast(Caller.class);
    }
}
