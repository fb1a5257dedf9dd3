package dev.articlesapi.auth;

import dev.articlesapi.web.ProblemWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;

/**
 * Stateless JWT security: the token (cookie or Bearer) is read by {@link TokenSecurityContextRepository};
 * routes that need a signed-in caller are listed here, ownership and admin rules live in the services.
 * Everything else is open, so an unknown route is a 404 whether signed in or not.
 *
 * <p>The security headers and CORS are two filters in front of every route. The filter chain (token, rules) runs
 * for every route but {@link #PUBLIC_READS}: reads that answer the same whoever asks, so no token is read for them.
 * Skipping the chain there took a fifth off the CPU of GET /articles/{id} (bench/README.md).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** GETs whose answer does not depend on the caller: a token, valid or not, changes nothing. */
    static final ServerWebExchangeMatcher PUBLIC_READS = ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET,
            "/articles", "/articles/*", "/categories", "/categories/*");

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Browsers may call the API from the configured origins only, with credentials (the cookie); with none
     * configured, no cross-origin request is allowed.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${articles.cors.allowed-origins:}") List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> allowed = origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
        if (!allowed.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(allowed);
            cors.setAllowCredentials(true);
            cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            cors.setAllowedHeaders(List.of("Content-Type", "Authorization", "Last-Event-ID"));
            cors.setExposedHeaders(List.of("Location", "Retry-After"));
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }

    /** Spring Security's default response headers, on every response (public reads and errors included). */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter securityHeaders() {
        return new HttpHeaderWriterWebFilter(new CompositeServerHttpHeadersWriter(
                new CacheControlServerHttpHeadersWriter(),
                new ContentTypeOptionsServerHttpHeadersWriter(),
                new StrictTransportSecurityServerHttpHeadersWriter(),
                new XFrameOptionsServerHttpHeadersWriter(),
                new XXssProtectionServerHttpHeadersWriter(),
                new ReferrerPolicyServerHttpHeadersWriter()));
    }

    /** CORS before anything else answers: a preflight never meets the sign-in rules. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    WebFilter corsFilter(CorsConfigurationSource cors) {
        return new CorsWebFilter(cors);
    }

    @Bean
    SecurityWebFilterChain securityChain(ServerHttpSecurity http, TokenSecurityContextRepository contexts,
                                         ProblemWriter problems) {
        return http
                .securityMatcher(new NegatedServerWebExchangeMatcher(PUBLIC_READS))
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(contexts)
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .pathMatchers("/actuator", "/actuator/**").hasRole("ADMIN")
                        .pathMatchers(HttpMethod.GET, "/authentication").authenticated()
                        .pathMatchers(HttpMethod.POST, "/authentication/log-out").authenticated()
                        .pathMatchers(HttpMethod.PUT, "/users/me/address").authenticated()
                        .pathMatchers(HttpMethod.DELETE, "/users/me/address", "/users/*").authenticated()
                        .pathMatchers(HttpMethod.POST, "/articles", "/categories").authenticated()
                        .pathMatchers(HttpMethod.PUT, "/articles/*", "/articles/*/categories/*", "/categories/*")
                        .authenticated()
                        .pathMatchers(HttpMethod.PATCH, "/articles/*").authenticated()
                        .pathMatchers(HttpMethod.DELETE, "/articles/*", "/articles/*/categories/*", "/categories/*")
                        .authenticated()
                        .anyExchange().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> problems.write(exchange, HttpStatus.UNAUTHORIZED,
                                "Sign in first: a valid token is needed in the Authentication cookie or a Bearer header"))
                        .accessDeniedHandler((exchange, ex) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                                "You are not allowed to do this")))
                .build();
    }
}
