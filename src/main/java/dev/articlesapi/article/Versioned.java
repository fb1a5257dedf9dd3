package dev.articlesapi.article;

/**
 * An answer about an article and the article's version then (migration V15), whose
 * {@link #etag()} is the article's ETag: the one GET /articles/{id} answers, and the one
 * every write of the article answers.
 */
record Versioned<T>(T body, long version) {

    /** The strong entity tag of an article at {@code version}. */
    static String etag(long version) {
        return "\"v" + version + "\"";
    }

    String etag() {
        return etag(this.version);
    }

}
