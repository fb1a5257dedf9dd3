package dev.articlesapi.web;

import java.util.function.Predicate;

/** Looks down an exception's cause chain: the one walk of it that every caller uses. */
public final class Causes {

    private Causes() {
    }

    /**
     * The first throwable in the chain that starts at {@code ex} (itself included) that
     * matches, or null.
     */
    public static Throwable first(Throwable ex, Predicate<Throwable> test) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The first throwable of the given type in the chain that starts at {@code ex}, or
     * null.
     */
    public static <T> T find(Throwable ex, Class<T> type) {
        return type.cast(first(ex, type::isInstance));
    }

}
