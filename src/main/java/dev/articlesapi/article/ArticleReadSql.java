package dev.articlesapi.article;

import static dev.articlesapi.article.ArticleRows.COLUMNS;

import dev.articlesapi.db.Reads;
import java.util.List;

/**
 * The statements of the hot reads of articles (GET /articles/{id}, the pages and the
 * stream chunks of GET /articles), which {@link ArticleRepository} runs through
 * {@link Reads}: positional markers ({@code $1}, {@code $2}...), each value added to the
 * caller's list at the position of its marker ({@link ArticleFilter#bind}). The other
 * statements of the package run through DatabaseClient with named markers. Each
 * statement, as sent, is a file in src/test/resources/sql.
 */
final class ArticleReadSql {

    /**
     * The whole aggregate in one statement: the article and its version (its ETag, read
     * in the same snapshot as the body), its author and the author's address, and its
     * categories as two arrays in id order (NULL when it has none). One statement instead
     * of the author join zipped with a categories query: one pool connection and one
     * round trip per request (bench/README.md). The version is read by a subquery on the
     * same row, not as {@code a.version}: with {@code a.version} in this statement's
     * select list PostgreSQL ran it at half the rate (pgbench, prepared, 8 clients:
     * 7,165-7,839 tps against 13,916-15,120 with the subquery and 14,837-15,342 without
     * the version; the same plan in EXPLAIN ANALYZE; cause not found, bench/README.md).
     */
    static final String DETAILS = """
            SELECT a.id, a.title, a.content, a.created_at, a.updated_at,
                   (SELECT v.version FROM articles v WHERE v.id = a.id) AS version,
                   u.id AS author_id, u.name AS author_name,
                   ad.id AS address_id, ad.street AS address_street, ad.city AS address_city,
                   ad.country AS address_country,
                   cs.ids AS category_ids, cs.names AS category_names
            FROM articles a
            JOIN users u ON u.id = a.author_id
            LEFT JOIN addresses ad ON ad.id = u.address_id
            CROSS JOIN LATERAL (
                SELECT array_agg(c.id ORDER BY c.id) AS ids, array_agg(c.name ORDER BY c.id) AS names
                FROM categories_articles ca JOIN categories c ON c.id = ca.category_id
                WHERE ca.article_id = a.id) cs
            WHERE a.id = $1""";

    private ArticleReadSql() {
    }

    /**
     * One page of articles matching the filters in the chosen order, with the count of
     * all matches, in one statement; its values are added to {@code values}. Without a
     * filter the count is the one the writes keep (table article_count; counted after all
     * should its row be missing): counting every article cost ten times the page itself
     * (bench/README.md).
     */
    static String page(ArticleFilter filter, int limit, long offset, List<Object> values) {
        List<String> conditions = filter.conditions(values);
        String count = conditions.isEmpty()
                ? "SELECT COALESCE((SELECT n FROM article_count), (SELECT count(*) FROM articles)) AS total"
                : "SELECT count(*) AS total FROM articles a\n" + "    WHERE " + String.join("\n      AND ", conditions);
        if (filter.after() != null) {
            conditions.add(filter.afterCondition(values, filter.after()));
        }
        return "SELECT c.total, p.*\n" + "FROM (\n" + "    " + count + ") c\n" + "LEFT JOIN LATERAL (\n" + "    SELECT "
                + COLUMNS + " FROM articles a\n"
                + (conditions.isEmpty() ? "" : "    WHERE " + String.join("\n      AND ", conditions) + "\n")
                + "    ORDER BY " + filter.order("a.id") + " LIMIT " + ArticleFilter.bind(values, limit) + " OFFSET "
                + ArticleFilter.bind(values, offset) + ") p ON true\n" + "ORDER BY " + filter.order("p.id");
    }

    /**
     * Articles matching the filter after {@code afterId} in the chosen order, at most
     * {@code limit} (a chunk of a stream, {@code db/Pages}); its values are added to
     * {@code values}.
     */
    static String chunk(ArticleFilter filter, long afterId, int limit, List<Object> values) {
        List<String> conditions = filter.conditions(values);
        conditions.add(filter.afterCondition(values, afterId));
        return "SELECT " + COLUMNS + " FROM articles a\n" + "WHERE " + String.join("\n  AND ", conditions) + "\n"
                + "ORDER BY " + filter.order("a.id") + " LIMIT " + ArticleFilter.bind(values, limit);
    }

}
