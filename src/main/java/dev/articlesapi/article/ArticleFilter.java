package dev.articlesapi.article;

import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The filters of GET /articles. Each present filter adds one constant SQL condition with a bound value, so every
 * combination is one fixed statement text (prepared once) and no input ever becomes SQL.
 *
 * @param after keyset cursor: only ids greater than it (a cursor, not a filter: it does not change the count)
 */
record ArticleFilter(Long authorId, Long categoryId, String search, Long after) {

    String where() {
        List<String> conditions = new ArrayList<>(3);
        if (authorId != null) {
            conditions.add("a.author_id = :authorId");
        }
        if (categoryId != null) {
            conditions.add("EXISTS (SELECT 1 FROM categories_articles ca"
                    + " WHERE ca.article_id = a.id AND ca.category_id = :categoryId)");
        }
        if (search != null) {
            // the same normalisation as the indexed text (migration V11), so query and index split words alike
            conditions.add("a.search_vector @@ websearch_to_tsquery('english', article_search_text(:search))");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** {@link #where()} with one more condition. */
    String whereAnd(String condition) {
        String where = where();
        return (where.isEmpty() ? " WHERE " : where + " AND ") + condition;
    }

    /** {@link #where()} with the keyset cursor, when there is one. */
    String whereAfter() {
        return after == null ? where() : whereAnd("a.id > :after");
    }

    /** Binds the values of the filters (the keyset cursor is bound by the page query itself). */
    DatabaseClient.GenericExecuteSpec bindTo(DatabaseClient.GenericExecuteSpec spec) {
        if (authorId != null) {
            spec = spec.bind("authorId", authorId);
        }
        if (categoryId != null) {
            spec = spec.bind("categoryId", categoryId);
        }
        if (search != null) {
            spec = spec.bind("search", search);
        }
        return spec;
    }
}
