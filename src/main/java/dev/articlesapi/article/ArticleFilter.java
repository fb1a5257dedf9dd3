package dev.articlesapi.article;

import java.util.ArrayList;
import java.util.List;

/**
 * The filters of GET /articles. Each present filter adds one constant SQL condition with
 * a bound value, so every combination is one fixed statement text (prepared once) and no
 * input ever becomes SQL. The values are bound by position: those of the filters first
 * (markers {@code $1}...), then the statement's own.
 *
 * @param after keyset cursor: only ids greater than it (a cursor, not a filter: it does
 * not change the count)
 */
record ArticleFilter(Long authorId, Long categoryId, String search, Long after) {

    /**
     * The conditions of the present filters (none without a filter), in a list of the
     * caller's to add to, each value added to {@code values} and bound by its position
     * there: one pass decides both the markers and the order of the values.
     */
    List<String> conditions(List<Object> values) {
        List<String> conditions = new ArrayList<>(4);
        if (authorId != null) {
            conditions.add("a.author_id = " + bind(values, authorId));
        }
        if (categoryId != null) {
            conditions.add("EXISTS (SELECT 1 FROM categories_articles ca"
                    + " WHERE ca.article_id = a.id AND ca.category_id = " + bind(values, categoryId) + ")");
        }
        if (search != null) {
            // the same normalisation as the indexed text (migration V11), so query and
            // index split words alike
            conditions.add("a.search_vector @@ websearch_to_tsquery('english', article_search_text("
                    + bind(values, search) + "))");
        }
        return conditions;
    }

    /** Adds a value after those already in {@code values}; its marker. */
    static String bind(List<Object> values, Object value) {
        values.add(value);
        return "$" + values.size();
    }
}
