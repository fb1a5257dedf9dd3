package dev.articlesapi.article;

import java.time.Instant;

public record Article(long id, String title, String content, long authorId, Instant createdAt, Instant updatedAt) {
}
