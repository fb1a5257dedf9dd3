package dev.articlesapi.article;

/**
 * The order in which the writers of articles take their locks, written once: every
 * statement that writes articles, their category links or their events, for this feature
 * or for another one ({@link ArticleChanges}), takes its locks through these fragments,
 * and the triggers of migration V10 follow the same order.
 *
 * <ol>
 * <li><b>Categories</b>, by ascending id: {@code FOR SHARE} by a writer about to link
 * articles to them, {@code FOR UPDATE} by a category's deletion (its own row,
 * {@link #CATEGORY}), and the row lock of a rename (whose trigger, migration V15, then
 * gives the articles linked to it new versions).</li>
 * <li><b>The author</b> ({@code users}), {@code FOR SHARE}, by an article's creation; the
 * row lock of a change of the user's name or address (whose trigger then gives the user's
 * articles new versions).</li>
 * <li><b>Articles</b>, by ascending id: {@code FOR UPDATE} by a change or deletion of the
 * article, {@code FOR NO KEY UPDATE} by a category's deletion (the articles linked to
 * it). The links of an article ({@code categories_articles}) are written only by a holder
 * of its row lock: they need no place of their own.</li>
 * <li><b>The event log</b>: a transaction-scoped advisory lock ({@link #eventLogAfter}),
 * taken by the statement that appends events, so that event ids are handed out in commit
 * order (a reader that has seen id n never finds a smaller id appear later).</li>
 * <li><b>The article counter</b> ({@code article_count}), taken by the V10 triggers of
 * every statement that inserts or deletes articles, after those triggers have taken 4
 * themselves.</li>
 * </ol>
 *
 * <p>
 * Why: two transactions that each wait for a lock the other holds deadlock, and
 * PostgreSQL aborts one of them (a 503 for its client). When every writer takes its locks
 * in this order, a writer that waits holds only locks earlier in the order than the one
 * it waits for, and the holder of that one never waits for those. Foreign key checks are
 * the trap: they lock the referenced rows (1 for a new link, 2 for a new article) at the
 * end of their statement, after the event log's lock that statement may have taken; so
 * every writer locks those rows itself, first ({@link #CATEGORIES}, {@link #AUTHOR}). A
 * category's deletion holds its category while it waits for the articles linked to it; a
 * writer that links an article to that category waits for the category before it locks
 * the article, so the two never wait for each other.
 *
 * <p>
 * {@code FOR SHARE}, not {@code FOR KEY SHARE}, on the categories and the author: a
 * rename, or a change of the author's address, then waits for a writer that is linking an
 * article to that category (or creating one by that author), and so its trigger sees the
 * new article or link and gives it a new version. With {@code FOR KEY SHARE} the two
 * would not conflict, and an article could keep its version while its details changed.
 */
final class ArticleLocks {

    /**
     * The categories a writer names ({@code :categoryIds}), each once: CTE
     * {@code wanted}.
     */
    static final String WANTED = "wanted AS (SELECT DISTINCT w.id FROM unnest(:categoryIds::bigint[]) AS w(id))";

    /**
     * 1, for a writer about to link an article to {@code :categoryIds}: CTEs
     * {@code wanted} ({@link #WANTED}), {@code found} (those that exist, locked) and
     * {@code missing} (the others). A category deleted meanwhile is missing.
     */
    static final String CATEGORIES = WANTED + """
            ,
            found AS (SELECT c.id FROM categories c WHERE c.id IN (SELECT id FROM wanted) ORDER BY c.id FOR SHARE),
            missing AS (SELECT w.id FROM wanted w WHERE w.id NOT IN (SELECT id FROM found))""";

    /**
     * 1, for a category's deletion: its row ({@code :categoryId}); no article can be
     * linked to it any more.
     */
    static final String CATEGORY = "SELECT c.id FROM categories c WHERE c.id = :categoryId FOR UPDATE";

    /**
     * 2, for an article's creation: CTE {@code author}, the row of {@code :authorId};
     * empty when it is gone.
     */
    static final String AUTHOR = "author AS (SELECT u.id FROM users u WHERE u.id = :authorId FOR SHARE)";

    /**
     * 1 then 3, for a change of the article {@code :id} that may link it to
     * {@code :categoryIds}: its author, the ids of the categories that do not exist, in
     * order, its version and whether the write's If-Match ({@link IfMatch}: unless
     * {@code :conditional}, anything; else one of {@code :versions}) matches it; a row
     * only when the article exists. The article's row is locked once the row is joined,
     * after the categories, and the comparison is made on the row as locked (a writer
     * that waited for the lock compares with the version the holder committed).
     */
    static final String ARTICLE = "WITH " + CATEGORIES + """
            ,
            checked AS (SELECT ARRAY(SELECT id FROM missing ORDER BY id) AS missing_ids)
            SELECT a.author_id, k.missing_ids, a.version,
                   (NOT :conditional OR a.version = ANY (:versions::bigint[])) AS matched
            FROM checked k CROSS JOIN articles a
            WHERE a.id = :id
            FOR UPDATE OF a""";

    /**
     * 3, for a category's deletion, after {@link #CATEGORY}: CTE {@code linked}, the
     * articles linked to it.
     */
    static final String LINKED_ARTICLES = """
            linked AS (SELECT a.id FROM articles a WHERE %s ORDER BY a.id FOR NO KEY UPDATE)"""
        .formatted(ArticleRows.inCategory(":categoryId"));

    /**
     * 4: the event log's lock (the V10 triggers call it too, before they take the
     * counter).
     */
    static final String EVENT_LOG = "pg_advisory_xact_lock(hashtext('article_events'))";

    /**
     * 4, for a statement that appends the events of the rows of {@code alias}: a subquery
     * for {@code CROSS JOIN
     * LATERAL} that takes {@link #EVENT_LOG} correlated with each row, so that it is
     * taken after the rows exist, and so after the row locks they needed; not at all when
     * there is no row.
     */
    static String eventLogAfter(String alias) {
        return "SELECT " + EVENT_LOG + " WHERE " + alias + ".id IS NOT NULL";
    }

    private ArticleLocks() {
    }

}
