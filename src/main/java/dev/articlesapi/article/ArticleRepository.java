package dev.articlesapi.article;

import static dev.articlesapi.article.ArticleRows.COLUMNS;

import dev.articlesapi.db.Reads;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Page;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Articles, their author join, their category links and, in the statement of each change,
 * its events ({@link ArticleEventLog#append}). Locks are taken in the order of
 * {@link ArticleLocks}. The statements here run through {@link DatabaseClient}, with
 * named markers ({@code :id}); the hot reads run through {@link Reads}, with positional
 * ones, and are in {@link ArticleReadSql}: the public ones (an article, a page, a chunk
 * of a stream) through {@link Reads#replicaAllowed()}, on a replica where one may serve
 * them.
 */
@Repository
class ArticleRepository {

    /**
     * The author, the ids of the categories that do not exist, the article's version and
     * whether the write's If-Match matches it; a row only when the article exists.
     */
    record Lock(long authorId, List<Long> missingCategoryIds, long version, boolean matched) {
    }

    /**
     * Inserts the article, its links and its {@code article-created} event in one
     * statement (atomic without a transaction: one round trip), unless a category is
     * unknown: then nothing is written and the row names the missing ids. The categories
     * and the author are locked first ({@link ArticleLocks}: before the event log's lock,
     * so that no writer waits for that lock while this statement waits for a row).
     */
    private static final String INSERT = """
            WITH %s,
            %s,
            article AS (
                INSERT INTO articles AS a (title, content, author_id)
                SELECT :title, :content, au.id FROM author au WHERE NOT EXISTS (SELECT 1 FROM missing)
                RETURNING %s, a.version),
            links AS (
                INSERT INTO categories_articles (category_id, article_id)
                SELECT w.id, a.id FROM wanted w CROSS JOIN article a
                RETURNING category_id),
            created AS (
                SELECT a.*, ARRAY(SELECT category_id FROM links ORDER BY category_id) AS category_ids FROM article a),
            %s
            SELECT c.*, ARRAY(SELECT id FROM missing ORDER BY id) AS missing_ids,
                   NOT EXISTS (SELECT 1 FROM author) AS author_gone, %s AS notified
            FROM (VALUES (1)) AS one(x) LEFT JOIN created c ON true""".formatted(ArticleLocks.CATEGORIES,
            ArticleLocks.AUTHOR, COLUMNS, ArticleEventLog.append(ArticleEvent.CREATED, "created"),
            ArticleEventLog.NOTIFY);

    /**
     * Changes title and content where given, and with {@code :replace} makes the category
     * set exactly {@code :categoryIds} (delete the links not wanted, add the missing
     * ones); gives the article a new version and appends the {@code article-updated}
     * event. Run under {@link ArticleLocks#ARTICLE}, which locked the wanted categories
     * too.
     */
    private static final String UPDATE = """
            WITH %s,
            article AS (
                UPDATE articles a SET title = COALESCE(:title, a.title), content = COALESCE(:content, a.content),
                                      updated_at = now(), version = nextval('article_versions')
                WHERE a.id = :id
                RETURNING %s, a.version),
            unlinked AS (
                DELETE FROM categories_articles
                WHERE :replace AND article_id = :id AND category_id NOT IN (SELECT id FROM wanted)),
            linked AS (
                INSERT INTO categories_articles (category_id, article_id)
                SELECT w.id, :id FROM wanted w WHERE :replace
                ON CONFLICT ON CONSTRAINT categories_articles_pkey DO NOTHING),
            updated AS (
                SELECT a.*, CASE WHEN :replace THEN ARRAY(SELECT id FROM wanted ORDER BY id)
                                 ELSE ARRAY(SELECT category_id FROM categories_articles
                                            WHERE article_id = :id ORDER BY category_id) END AS category_ids
                FROM article a),
            %s
            SELECT u.*, %s AS notified FROM updated u""".formatted(ArticleLocks.WANTED, COLUMNS,
            ArticleEventLog.append(ArticleEvent.UPDATED, "updated"), ArticleEventLog.NOTIFY);

    /**
     * Deletes the article (its links go by cascade) and appends its
     * {@code article-deleted} event.
     */
    private static final String DELETE = """
            WITH deleted AS (DELETE FROM articles a WHERE a.id = :id RETURNING a.id),
            %s
            SELECT %s AS notified""".formatted(ArticleEventLog.append(ArticleEvent.DELETED, "deleted"),
            ArticleEventLog.NOTIFY);

    private static final String LINK = """
            INSERT INTO categories_articles (category_id, article_id) VALUES (:categoryId, :id)
            ON CONFLICT ON CONSTRAINT categories_articles_pkey DO NOTHING""";

    private static final String UNLINK = """
            DELETE FROM categories_articles WHERE category_id = :categoryId AND article_id = :id""";

    /**
     * Removes every link to the category {@code :categoryId} once the articles linked to
     * it are locked (after {@link ArticleLocks#CATEGORY}); gives the ids of the articles
     * whose link it removed.
     */
    private static final String UNLINK_CATEGORY = """
            WITH %s
            DELETE FROM categories_articles ca
            WHERE ca.category_id = :categoryId AND ca.article_id = ANY (ARRAY(SELECT id FROM linked))
            RETURNING ca.article_id""".formatted(ArticleLocks.LINKED_ARTICLES);

    /**
     * Marks locked articles as changed (their categories changed): new versions, and
     * their {@code article-updated} events, with the category ids they have now; gives
     * the highest new version (with one id, that article's).
     */
    private static final String TOUCH = """
            WITH touched AS (
                UPDATE articles a SET updated_at = now(), version = nextval('article_versions') WHERE a.id = ANY(:ids)
                RETURNING %s, a.version),
            changed AS (
                SELECT t.*, ARRAY(SELECT ca.category_id FROM categories_articles ca
                                  WHERE ca.article_id = t.id ORDER BY ca.category_id) AS category_ids
                FROM touched t),
            %s
            SELECT (SELECT max(t.version) FROM touched t) AS version, %s AS notified""".formatted(COLUMNS,
            ArticleEventLog.append(ArticleEvent.UPDATED, "changed"), ArticleEventLog.NOTIFY);

    private final DatabaseClient db;

    private final Reads reads;

    ArticleRepository(DatabaseClient db, Reads reads) {
        this.db = db;
        this.reads = reads;
    }

    Mono<Versioned<ArticleDetails>> findDetails(long id) {
        return reads.replicaAllowed()
            .one(ArticleReadSql.DETAILS, r -> ArticleRows.versioned(r, ArticleRows.details(r)), id);
    }

    Mono<Versioned<ArticleWithCategoryIds>> insert(long authorId, ArticleRequest r) {
        return db.sql(INSERT)
            .bind("categoryIds", r.categoryIds().toArray(Long[]::new))
            .bind("title", r.title())
            .bind("content", r.content())
            .bind("authorId", authorId)
            .map(ArticleRepository::inserted)
            .one()
            .flatMap(Function.<Mono<Versioned<ArticleWithCategoryIds>>>identity());
    }

    /**
     * Locks the categories {@code categoryIds} that exist, then the article row, for the
     * rest of the transaction, and compares its version with {@code ifMatch}; empty when
     * there is no such article.
     */
    Mono<Lock> lock(long id, List<Long> categoryIds, IfMatch ifMatch) {
        return db.sql(ArticleLocks.ARTICLE)
            .bind("id", id)
            .bind("categoryIds", categoryIds.toArray(Long[]::new))
            .bind("conditional", ifMatch.conditional())
            .bind("versions", ifMatch.versions().toArray(Long[]::new))
            .map(ArticleRows::lock)
            .one();
    }

    Mono<Versioned<ArticleWithCategoryIds>> update(long id, String title, String content, List<Long> categoryIds) {
        var spec = db.sql(UPDATE)
            .bind("id", id)
            .bind("replace", categoryIds != null)
            .bind("categoryIds", (categoryIds == null ? List.<Long>of() : categoryIds).toArray(Long[]::new));
        spec = title == null ? spec.bindNull("title", String.class) : spec.bind("title", title);
        spec = content == null ? spec.bindNull("content", String.class) : spec.bind("content", content);
        return spec.map(r -> ArticleRows.versioned(r, ArticleRows.withCategoryIds(r))).one();
    }

    Mono<Void> delete(long id) {
        return db.sql(DELETE).bind("id", id).then();
    }

    /** True when a link was added (false: it was there already). */
    Mono<Boolean> link(long id, long categoryId) {
        return db.sql(LINK).bind("id", id).bind("categoryId", categoryId).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** True when a link was removed. */
    Mono<Boolean> unlink(long id, long categoryId) {
        return db.sql(UNLINK).bind("id", id).bind("categoryId", categoryId).fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Locks the category's row for its deletion; empty when there is no such category.
     */
    Mono<Long> lockCategory(long categoryId) {
        return db.sql(ArticleLocks.CATEGORY).bind("categoryId", categoryId).map(r -> r.get("id", Long.class)).one();
    }

    /** Removes every link to the category; the ids of the articles that lost one. */
    Mono<List<Long>> unlinkCategory(long categoryId) {
        return db.sql(UNLINK_CATEGORY)
            .bind("categoryId", categoryId)
            .map(r -> r.get("article_id", Long.class))
            .all()
            .collectList();
    }

    /**
     * See {@link #TOUCH}; the articles must be locked by the caller's transaction. The
     * highest new version; empty when {@code ids} is.
     */
    Mono<Long> touch(List<Long> ids) {
        return ids.isEmpty() ? Mono.empty()
                : db.sql(TOUCH).bind("ids", ids.toArray(Long[]::new)).map(r -> r.get("version", Long.class)).one();
    }

    /**
     * See {@link ArticleReadSql#page}; it reads one row more than the page holds, which
     * only tells whether more rows follow.
     */
    Mono<ArticlePage> page(ArticleFilter filter, int limit, long offset) {
        List<Object> values = new ArrayList<>(6);
        String sql = ArticleReadSql.page(filter, limit + 1, offset, values);
        return ArticleRows.assemble(
                reads.replicaAllowed()
                    .all(sql, r -> ArticleRows.joined(r.get("total", Long.class), r), values.toArray()),
                (total, items) -> new ArticlePage(
                        new Page<>(items.size() > limit ? items.subList(0, limit) : items, total, limit, offset),
                        items.size() > limit));
    }

    /**
     * Articles matching the filter after {@code afterId} in the chosen order, at most
     * {@code limit}.
     */
    Flux<Article> chunk(ArticleFilter filter, long afterId, int limit) {
        List<Object> values = new ArrayList<>(5);
        String sql = ArticleReadSql.chunk(filter, afterId, limit, values);
        return reads.replicaAllowed().all(sql, ArticleRows::article, values.toArray());
    }

    /** The inserted article; else why nothing was written. */
    private static Mono<Versioned<ArticleWithCategoryIds>> inserted(Readable row) {
        if (row.get("id", Long.class) != null) {
            return Mono.just(ArticleRows.versioned(row, ArticleRows.withCategoryIds(row)));
        }
        return Mono.error(Boolean.TRUE.equals(row.get("author_gone", Boolean.class))
                ? ApiException.unauthorized("The signed-in user no longer exists")
                : ApiException.unknownCategories(ArticleRows.ids(row, "missing_ids")));
    }

}
