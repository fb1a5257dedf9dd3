package dev.articlesapi.category;

import dev.articlesapi.article.Article;
import java.util.List;

/**
 * GET /categories/{id}'s body as a record: what Jackson writes for it is what
 * CategoryHandler writes row by row.
 */
record CategoryDetails(long id, String name, List<Article> articles) {
}
