package dev.articlesapi.web;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Path and query values: what the route takes, or a 400 that says what is wrong (never a
 * 500).
 */
public final class PathVars {

    private PathVars() {
    }

    /** A positive id from the path. */
    public static long id(ServerRequest req, String name) {
        return positive(req.pathVariable(name), name);
    }

    static long positive(String raw, String name) {
        long value = parseLong(raw, name);
        if (value < 1) {
            throw ApiException.invalid(name, "must be a positive integer");
        }
        return value;
    }

    static long parseLong(String raw, String name) {
        try {
            return Long.parseLong(raw);
        }
        catch (NumberFormatException e) {
            throw ApiException.invalid(name, "must be an integer");
        }
    }

}
