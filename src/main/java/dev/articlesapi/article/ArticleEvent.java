package dev.articlesapi.article;

/** One row of the event log; {@code payload} is the JSON sent as the SSE data. */
record ArticleEvent(long id, String type, long articleId, String payload) {

    static final String CREATED = "article-created";
    static final String UPDATED = "article-updated";
    static final String DELETED = "article-deleted";
}
