package dev.articlesapi.auth;

import dev.articlesapi.db.MigrationsGate;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Methods;
import dev.articlesapi.web.CookieProperties;
import dev.articlesapi.web.OpenRoutes;
import dev.articlesapi.web.ProblemWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Stateless security on Spring Security's reactive resource server. Two chains, both with
 * the same security headers ({@link #securityHeaders()}) and CORS rules, so every
 * response carries them (errors included):
 * <ul>
 * <li>{@link OpenRoutes#PUBLIC_READS} (the live events included): reads that answer the
 * same whoever asks. No token is read for them (a valid, bad or missing one changes
 * nothing), which took a fifth off the CPU of GET /articles/{id} (bench/README.md); their
 * chain has the headers, CORS and the migrations gate only;</li>
 * <li>everything else: the access token, from the {@code Authentication} cookie or else
 * an {@code Authorization: Bearer} header, is decoded by {@link AccessTokens#decoder()}
 * and its user read in one statement ({@link AuthRepository#findSignedIn}). A missing or
 * bad token leaves the request anonymous: the routes of {@link OpenRoutes#anyone()} still
 * answer, the actuator's others need an admin, and every other route answers 401 (closed
 * by default: a route added tomorrow needs a caller until it is listed in
 * {@link OpenRoutes}). Ownership and admin rules live in the services.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * The order of web filters that answer on their own (413) and must do so inside the
     * security chains, whose headers and CORS every response carries: Spring Security's
     * chains run at order -100.
     */
    static final int AFTER_SECURITY = -99;

    /**
     * Spring Security observes no filter chain: each of its filters was wrapped in an
     * observation of its own, started and stopped on every request, a second timing of
     * what {@code http.server.requests} times already. Authentications and authorizations
     * are still observed.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Browsers may call the API from the configured origins only, with credentials (the
     * cookie); with none configured, no cross-origin request is allowed.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> allowed = settings.allowedOrigins();
        if (!allowed.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(allowed);
            cors.setAllowCredentials(true);
            cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
            cors.setAllowedHeaders(
                    List.of("Content-Type", "Authorization", "Last-Event-ID", "If-Match", "Idempotency-Key"));
            cors.setExposedHeaders(List.of("Location", "Retry-After", "ETag", "Link"));
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }

    /**
     * The security headers of every response, in both chains: the writers Spring
     * Security's default {@code headers()} writes with (cache control, content type
     * options, HSTS on HTTPS, frame options, XSS protection off, no referrer).
     */
    private static HttpHeaderWriterWebFilter securityHeaders() {
        return new HttpHeaderWriterWebFilter(new CompositeServerHttpHeadersWriter(
                new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
                new StrictTransportSecurityServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(),
                new XXssProtectionServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter()));
    }

    /**
     * The public reads' chain: the security headers, CORS and the migrations gate, and
     * nothing else. Built by {@link ServerHttpSecurity}, it would also carry the filters
     * of a security context, request cache and access-denied translation that these reads
     * never use, each a few operators and a checkpoint per request, and per subscriber
     * for the life of an event stream (bench/README.md). {@code ProductionIT} checks that
     * its answers carry exactly the other chain's headers.
     */
    @Bean
    @Order(1)
    SecurityWebFilterChain publicReadsChain(CorsConfigurationSource cors, MigrationsGate migrations) {
        return new MatcherSecurityWebFilterChain(OpenRoutes.publicReads(),
                List.of(securityHeaders(), new CorsWebFilter(cors), migrations::filter));
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain securityChain(ServerHttpSecurity http, CorsConfigurationSource cors,
            MigrationsGate migrations, AccessTokens tokens, AuthRepository repository, CookieProperties cookie,
            ProblemWriter problems, ObjectProvider<RouterFunction<?>> routes, ServerCodecConfigurer codecs) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> problems.write(exchange, ApiException
            .unauthorized("Sign in first: a valid token is needed in the Authentication cookie or a Bearer header"));
        ServerAccessDeniedHandler forbidden = (exchange, ex) -> problems.write(exchange,
                ApiException.forbidden("You are not allowed to do this"));
        JwtReactiveAuthenticationManager jwt = new JwtReactiveAuthenticationManager(tokens.decoder());
        jwt.setJwtAuthenticationConverter(
                decoded -> repository.findSignedIn(AccessTokens.userId(decoded), AccessTokens.version(decoded))
                    .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException(
                            "The token's user is gone or has logged out since it was issued"))));
        ReactiveAuthenticationManager signIn = token -> jwt.authenticate(token)
            .onErrorMap(AuthenticationException.class, BadToken::new);
        return http.headers(ServerHttpSecurity.HeaderSpec::disable)
            .addFilterAt(securityHeaders(), SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
            .cors(c -> c.configurationSource(cors))
            .addFilterAfter(migrations::filter, SecurityWebFiltersOrder.CORS)
            .csrf(ServerHttpSecurity.CsrfSpec::disable)
            .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
            .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
            .logout(ServerHttpSecurity.LogoutSpec::disable)
            .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
            .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .oauth2ResourceServer(o -> o.bearerTokenConverter(cookieOrBearer(cookie.name()))
                .jwt(j -> j.authenticationManager(signIn))
                // a bad token is no token: the request goes on anonymous, and the rules
                // below decide. Only a
                // bad token: Spring hands this handler the errors of the rest of the
                // chain too, which must
                // not run the chain a second time
                .authenticationFailureHandler((filter, ex) -> ex instanceof BadToken
                        ? filter.getChain().filter(filter.getExchange()) : Mono.error(ex))
                .authenticationEntryPoint(unauthorized)
                .accessDeniedHandler(forbidden))
            .authorizeExchange(a -> a.matchers(OpenRoutes.anyone())
                .permitAll()
                .pathMatchers("/actuator", OpenRoutes.ACTUATOR)
                .hasRole("ADMIN")
                .anyExchange()
                .access(signedInOrUnrouted(routes, codecs)))
            .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
            .build();
    }

    /**
     * Granted to a signed-in caller; to a signed-out one only when no route serves the
     * request, so that an unknown path gets the contract's 404 problem rather than 401
     * (which would also tell a caller which paths exist). The routers are asked only for
     * signed-out requests that reach this rule, a HEAD as its GET (HEAD /authentication
     * is 401 as GET is). A path that exists with other methods is not routed:
     * {@link Methods} answers it 405 signed in or not.
     */
    static ReactiveAuthorizationManager<AuthorizationContext> signedInOrUnrouted(
            ObjectProvider<RouterFunction<?>> routers, ServerCodecConfigurer codecs) {
        Supplier<RouterFunction<?>> routes = Methods.routes(routers);
        return (authentication, context) -> authentication.filter(Authentication::isAuthenticated)
            .hasElement()
            .flatMap(signedIn -> signedIn ? Mono.just(true)
                    : routes.get()
                        .route(Methods.asGet(ServerRequest.create(context.getExchange(), codecs.getReaders())))
                        .hasElement()
                        .map(routed -> !routed))
            .map(AuthorizationDecision::new);
    }

    /**
     * A token that did not sign the request in: bad, expired, or its user gone or logged
     * out.
     */
    static final class BadToken extends AuthenticationException {

        BadToken(AuthenticationException cause) {
            super(cause.getMessage(), cause);
        }

    }

    /**
     * The token of the {@code Authentication} cookie, else of an
     * {@code Authorization: Bearer} header.
     */
    static ServerAuthenticationConverter cookieOrBearer(String cookieName) {
        return exchange -> {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(cookieName);
            if (cookie != null && !cookie.getValue().isBlank()) {
                return Mono.just(new BearerTokenAuthenticationToken(cookie.getValue()));
            }
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
                return Mono.just(new BearerTokenAuthenticationToken(header.substring(7).strip()));
            }
            return Mono.empty();
        };
    }

}
