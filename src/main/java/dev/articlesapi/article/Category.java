package dev.articlesapi.article;

/**
 * A category as the contract writes it. It lives with the articles, which show their
 * categories (ArticleDetails), because the category feature depends on the article
 * feature and never the reverse.
 */
public record Category(long id, String name) {
}
