package dev.articlesapi.category;

import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.db.Reads;

/**
 * The statements of GET /categories and GET /categories/{id}, which
 * {@link CategoryRepository} runs through {@link Reads} (on a replica where one may serve
 * them): positional markers ({@code $1}...). The other statements of the package run
 * through DatabaseClient with named markers. Each statement, as sent, is a file in
 * src/test/resources/sql.
 */
final class CategoryReadSql {

    /** Every category, in id order. */
    static final String ALL = "SELECT id, name FROM categories ORDER BY id";

    /**
     * The category and its articles in one statement ({@link ArticleRows#inCategory}); a
     * category without articles gives one row with null article.
     */
    static final String DETAILS = """
            SELECT c.id AS category_id, c.name AS category_name, %s
            FROM categories c
            LEFT JOIN articles a ON %s
            WHERE c.id = $1
            ORDER BY a.id""".formatted(ArticleRows.COLUMNS, ArticleRows.inCategory("c.id"));

    private CategoryReadSql() {
    }

}
