package dev.articlesapi.web;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Optional query values, validated: a value that is not what the route takes is a 400
 * naming the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static Long positiveId(ServerRequest req, String name) {
        return req.queryParam(name).map(raw -> PathVars.positive(raw, name)).orElse(null);
    }

    /**
     * Trimmed text, absent when blank; longer than {@code max} characters is a 400. NUL
     * characters, which PostgreSQL text cannot hold, are dropped.
     */
    public static String text(ServerRequest req, String name, int max) {
        return req.queryParam(name).map(s -> s.replace("\u0000", "").strip()).filter(s -> !s.isEmpty()).map(s -> {
            if (s.length() > max) {
                throw ApiException.invalid(name, "must be at most " + max + " characters");
            }
            return s;
        }).orElse(null);
    }

    public static long range(ServerRequest req, String name, long min, long max, long fallback) {
        return req.queryParam(name).map(raw -> {
            long value = PathVars.parseLong(raw, name);
            if (value < min || value > max) {
                throw ApiException.invalid(name,
                        max == Long.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max);
            }
            return value;
        }).orElse(fallback);
    }

}
