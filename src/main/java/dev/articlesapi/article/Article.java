package dev.articlesapi.article;

import io.r2dbc.spi.Readable;
import java.time.Instant;

public record Article(long id, String title, String content, long authorId, Instant createdAt, Instant updatedAt) {

    /** From a row with the columns id, title, content, author_id, created_at and updated_at. */
    public static Article from(Readable r) {
        return new Article(r.get("id", Long.class), r.get("title", String.class), r.get("content", String.class),
                r.get("author_id", Long.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class));
    }
}
