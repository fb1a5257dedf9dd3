package dev.articlesapi.category;

import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.article.Category;
import io.r2dbc.spi.Readable;

/**
 * Row mapping for the statements on categories; column names are the aliases the
 * statements give.
 */
final class CategoryRows {

    private CategoryRows() {
    }

    /** From a row with the columns id and name. */
    static Category category(Readable r) {
        return new Category(r.get("id", Long.class), r.get("name", String.class));
    }

    /**
     * A row of a category's details: the category (category_id, category_name) and one of
     * its articles, or none.
     */
    static ArticleRows.Joined<Category> details(Readable r) {
        return ArticleRows.joined(new Category(r.get("category_id", Long.class), r.get("category_name", String.class)),
                r);
    }

}
