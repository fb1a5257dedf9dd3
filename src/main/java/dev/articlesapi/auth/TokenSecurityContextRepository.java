package dev.articlesapi.auth;

import dev.articlesapi.web.Caller;
import dev.articlesapi.user.UserRepository;
import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A request is signed in when its token (the {@code Authentication} cookie, else {@code Authorization: Bearer})
 * verifies and names a user who still exists. A missing or bad token leaves the request anonymous: open routes
 * still answer, guarded ones answer 401. The user is read at most once per request.
 */
@Component
class TokenSecurityContextRepository implements ServerSecurityContextRepository {

    private static final String LOADED = TokenSecurityContextRepository.class.getName() + ".context";

    private final TokenService tokens;
    private final UserRepository users;
    private final String cookieName;

    TokenSecurityContextRepository(TokenService tokens, UserRepository users, CookieProperties cookie) {
        this.tokens = tokens;
        this.users = users;
        this.cookieName = cookie.name();
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        return exchange.getAttributes().computeIfAbsent(LOADED, k -> resolve(exchange)) instanceof Mono<?> m
                ? m.cast(SecurityContext.class) : Mono.empty();
    }

    private Mono<SecurityContext> resolve(ServerWebExchange exchange) {
        String token = token(exchange);
        if (token == null) {
            return Mono.empty();
        }
        return Mono.justOrEmpty(tokens.verify(token))
                .flatMap(claims -> users.findAuthUser(claims.userId(), claims.version()))
                .<SecurityContext>map(user -> new SecurityContextImpl(new UsernamePasswordAuthenticationToken(
                        user, null, List.of(new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase())))))
                .cache();
    }

    private String token(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(cookieName);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return cookie.getValue();
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = header.substring(7).strip();
            return value.isEmpty() ? null : value;
        }
        return null;
    }
}
