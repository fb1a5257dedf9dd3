package dev.articlesapi.article;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            conditions.add("a.search_vector @@ websearch_to_tsquery('english', :search)");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The keyset condition, to follow {@link #where()}. */
    String keyset() {
        if (after == null) {
            return "";
        }
        return (where().isEmpty() ? " WHERE" : " AND") + " a.id > :after";
    }

    /** The values of the filters (the keyset cursor is bound by the page query itself). */
    Map<String, Object> binds() {
        Map<String, Object> binds = new LinkedHashMap<>();
        if (authorId != null) {
            binds.put("authorId", authorId);
        }
        if (categoryId != null) {
            binds.put("categoryId", categoryId);
        }
        if (search != null) {
            binds.put("search", search);
        }
        return binds;
    }
}
