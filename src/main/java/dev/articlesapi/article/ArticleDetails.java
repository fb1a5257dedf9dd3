package dev.articlesapi.article;

import dev.articlesapi.user.PublicUser;
import java.time.Instant;
import java.util.List;

/**
 * The article aggregate: the article, its author (public view, with address) and its
 * categories by id.
 */
public record ArticleDetails(long id, String title, String content, Instant createdAt, Instant updatedAt,
        PublicUser author, List<Category> categories) {
}
