package dev.articlesapi.web;

/** Looks down an exception's cause chain. */
public final class Causes {

    private Causes() {}

    /** The first throwable of the given type in the chain that starts at {@code ex}, or null. */
    public static <T> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
