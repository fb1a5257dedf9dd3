package dev.articlesapi.article;

import java.time.Instant;
import java.util.List;

/** An article with the ids of its categories, sorted ascending. */
public record ArticleWithCategoryIds(long id, String title, String content, long authorId, Instant createdAt,
        Instant updatedAt, List<Long> categoryIds) {
}
