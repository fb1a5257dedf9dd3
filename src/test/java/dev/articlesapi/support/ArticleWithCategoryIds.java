package dev.articlesapi.support;

import java.time.Instant;
import java.util.List;

/**
 * The contract's ArticleWithCategoryIds: an Article with the ids of its categories,
 * sorted ascending.
 */
public record ArticleWithCategoryIds(long id, String title, String content, long authorId, Instant createdAt,
        Instant updatedAt, List<Long> categoryIds) {
}
