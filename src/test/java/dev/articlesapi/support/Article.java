package dev.articlesapi.support;

import java.time.Instant;

/** The contract's Article, as a client reads it. */
public record Article(long id, String title, String content, long authorId, Instant createdAt, Instant updatedAt) {
}
