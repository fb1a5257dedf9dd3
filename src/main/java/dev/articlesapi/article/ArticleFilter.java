package dev.articlesapi.article;

import java.util.ArrayList;
import java.util.List;

/**
 * The filters of GET /articles. Each present filter adds one constant SQL condition with
 * a bound value, so every combination is one fixed statement text (prepared once) and no
 * input ever becomes SQL. The values are bound by position: those of the filters first
 * (markers {@code $1}...), then the statement's own.
 *
 * @param after keyset cursor: only ids after it in the chosen order (a cursor, not a
 * filter: it does not change the count)
 * @param newestFirst descending id order ({@code sort=-id}) instead of ascending
 */
record ArticleFilter(Long authorId, Long categoryId, String search, Long after, boolean newestFirst) {

    /** The values {@code sort} takes, the default first. */
    static final String SORT_VALUES = "id, -id";

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

    /**
     * The keyset condition: ids after {@code cursor} in the chosen order; its value added
     * to {@code values}.
     */
    String afterCondition(List<Object> values, long cursor) {
        return "a.id " + (newestFirst ? "<" : ">") + " " + bind(values, cursor);
    }

    /** The ORDER BY direction of the chosen order, {@code column} qualified. */
    String order(String column) {
        return column + (newestFirst ? " DESC" : "");
    }

    /**
     * Where a stream without {@code after} starts: before every id in the chosen order.
     */
    long start() {
        if (after != null) {
            return after;
        }
        return newestFirst ? Long.MAX_VALUE : 0;
    }

    /** Adds a value after those already in {@code values}; its marker. */
    static String bind(List<Object> values, Object value) {
        values.add(value);
        return "$" + values.size();
    }
}
