package dev.articlesapi.web;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The routes anyone may call, listed once: the security chains open these and close
 * everything else, and the conditional GETs tag {@link #PUBLIC_READS}. A route that is
 * not listed here needs a signed-in caller.
 */
public final class OpenRoutes {

    /**
     * GETs whose answer is the same whoever asks (the live events included, as
     * {@code /articles/{id}}): no token is read for them, and their JSON answers carry an
     * ETag.
     */
    public static final List<String> PUBLIC_READS = List.of("/articles", "/articles/{id}", "/categories",
            "/categories/{id}");

    /**
     * Open routes whose answer may depend on a token when one comes (a user's own view,
     * the admin's).
     */
    public static final List<String> ANYONE_GET = List.of("/users/{id}", "/v3/api-docs", "/swagger-ui.html",
            "/webjars/**", "/actuator/health", "/actuator/health/**", "/actuator/info");

    /** Signing up and in: the caller has no access token yet. */
    public static final List<String> ANYONE_POST = List.of("/authentication/sign-up", "/authentication/log-in",
            "/authentication/refresh");

    /** The actuator's other endpoints: admins only. */
    public static final String ACTUATOR = "/actuator/**";

    private static final List<PathPattern> PUBLIC_READ_PATTERNS = PUBLIC_READS.stream()
        .map(PathPatternParser.defaultInstance::parse)
        .toList();

    private OpenRoutes() {
    }

    /** GET and HEAD requests of {@link #PUBLIC_READS}. */
    public static ServerWebExchangeMatcher publicReads() {
        return reads(PUBLIC_READS);
    }

    /**
     * GET and HEAD requests of {@link #ANYONE_GET} and POST requests of
     * {@link #ANYONE_POST}.
     */
    public static ServerWebExchangeMatcher anyone() {
        return new OrServerWebExchangeMatcher(reads(ANYONE_GET),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, ANYONE_POST.toArray(String[]::new)));
    }

    /** A HEAD is the GET whose answer it asks for: both are open, or neither. */
    private static ServerWebExchangeMatcher reads(List<String> paths) {
        String[] patterns = paths.toArray(String[]::new);
        return new OrServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, patterns),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.HEAD, patterns));
    }

    /**
     * Whether the path (within the application) is one of {@link #PUBLIC_READS}, whatever
     * the method.
     */
    public static boolean isPublicRead(PathContainer path) {
        for (PathPattern pattern : PUBLIC_READ_PATTERNS) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

}
