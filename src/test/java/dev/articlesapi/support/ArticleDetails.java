package dev.articlesapi.support;

import java.time.Instant;
import java.util.List;

/**
 * The contract's ArticleDetails: the article, its author (public view) and its categories
 * sorted by id.
 */
public record ArticleDetails(long id, String title, String content, Instant createdAt, Instant updatedAt,
        PublicUser author, List<Category> categories) {
}
