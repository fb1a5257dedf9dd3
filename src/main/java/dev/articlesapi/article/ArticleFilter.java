package dev.articlesapi.article;

import java.util.ArrayList;
import java.util.List;

/**
 * The filters of GET /articles. Each present filter adds one constant SQL condition with a bound value, so every
 * combination is one fixed statement text (prepared once) and no input ever becomes SQL. The values are bound by
 * position: those of the filters first ({@link #values()}, markers {@code $1}...), then the statement's own.
 *
 * @param after keyset cursor: only ids greater than it (a cursor, not a filter: it does not change the count)
 */
record ArticleFilter(Long authorId, Long categoryId, String search, Long after) {

    String where() {
        List<String> conditions = new ArrayList<>(3);
        int n = 0;
        if (authorId != null) {
            conditions.add("a.author_id = $" + ++n);
        }
        if (categoryId != null) {
            conditions.add("EXISTS (SELECT 1 FROM categories_articles ca"
                    + " WHERE ca.article_id = a.id AND ca.category_id = $" + ++n + ")");
        }
        if (search != null) {
            // the same normalisation as the indexed text (migration V11), so query and index split words alike
            conditions.add("a.search_vector @@ websearch_to_tsquery('english', article_search_text($" + ++n + "))");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** {@link #where()} with one more condition. */
    String whereAnd(String condition) {
        String where = where();
        return (where.isEmpty() ? " WHERE " : where + " AND ") + condition;
    }

    /** The values of the present filters, in the order of their markers in {@link #where()}. */
    List<Object> values() {
        List<Object> values = new ArrayList<>(6);
        if (authorId != null) {
            values.add(authorId);
        }
        if (categoryId != null) {
            values.add(categoryId);
        }
        if (search != null) {
            values.add(search);
        }
        return values;
    }

    /** Adds a statement's own value after those already in {@code values}; its marker. */
    static String bind(List<Object> values, Object value) {
        values.add(value);
        return "$" + values.size();
    }
}
