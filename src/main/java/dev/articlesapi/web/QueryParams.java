package dev.articlesapi.web;

import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Optional query values, validated: a value that is not what the route takes is a 400 naming the parameter. */
public final class QueryParams {

    private QueryParams() {}

    public static Long positiveId(ServerRequest req, String name) {
        return req.queryParam(name).map(raw -> PathVars.positive(raw, name)).orElse(null);
    }

    public static long range(ServerRequest req, String name, long min, long max, long fallback) {
        return req.queryParam(name).map(raw -> {
            long value = PathVars.parseLong(raw, name);
            if (value < min || value > max) {
                throw ApiException.invalid(List.of(new Problem.FieldError(name,
                        max == Long.MAX_VALUE ? "must be at least " + min : "must be between " + min + " and " + max)));
            }
            return value;
        }).orElse(fallback);
    }
}
