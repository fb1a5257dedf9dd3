package dev.articlesapi.article;

import java.nio.charset.StandardCharsets;

/**
 * One row of the event log; {@code payload} is the JSON sent as the SSE data.
 * {@code frame} is the whole server-sent event ({@code id:}, {@code event:},
 * {@code data:} lines and the blank line that ends it) in UTF-8, encoded once when the
 * row is read: every subscriber of an instance is sent the same bytes, so a fan-out to
 * thousands of subscribers costs a write each, not an encoding each.
 */
record ArticleEvent(long id, String type, long articleId, String payload, byte[] frame) {

    static final String CREATED = "article-created";
    static final String UPDATED = "article-updated";
    static final String DELETED = "article-deleted";

    ArticleEvent(long id, String type, long articleId, String payload) {
        this(id, type, articleId, payload, frame(id, type, payload));
    }

    /**
     * The event as text/event-stream writes it; a line break in the data continues it on
     * another data: line.
     */
    static byte[] frame(long id, String type, String data) {
        StringBuilder frame = new StringBuilder(data.length() + type.length() + 40).append("id:")
            .append(id)
            .append('\n')
            .append("event:")
            .append(type)
            .append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data:").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
