package dev.articlesapi.article;

import dev.articlesapi.db.Batches;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The article_events table: appended to, in the transaction of each change, by the
 * statement that writes the article's row; read by the event streams. Every event payload
 * is rendered here, by SQL, in that statement: an {@code article-created} or
 * {@code article-updated} payload is byte for byte the {@link ArticleWithCategoryIds} the
 * API answers for that change (ArticleEventsIT compares them), an {@code article-deleted}
 * payload is {@code {"id":n}}.
 */
@Repository
class ArticleEventLog {

    static final String CHANNEL = "article_events";

    /**
     * An article (the columns of {@link ArticleRows#COLUMNS} and {@code category_ids},
     * alias {@code r}) written as the API's JSON writes an
     * {@link ArticleWithCategoryIds}: fields in the record's order, {@code to_json}
     * escapes strings as Jackson does (with {@code write-hex-upper-case: false},
     * application.yaml), {@code json_instant} (migration V9) writes instants as Jackson
     * does.
     */
    private static final String ARTICLE_JSON = """
            '{"id":' || r.id || ',"title":' || to_json(r.title) || ',"content":' || to_json(r.content)
            || ',"authorId":' || r.author_id || ',"createdAt":"' || json_instant(r.created_at)
            || '","updatedAt":"' || json_instant(r.updated_at)
            || '","categoryIds":' || to_json(r.category_ids) || '}'""";

    /** A deleted article (its {@code id}, alias {@code r}). */
    private static final String DELETED_JSON = """
            '{"id":' || r.id || '}'""";

    /**
     * The result column that wakes the listeners once the statement's events commit: one
     * NOTIFY with the newest id, none when the statement appended nothing. Goes with
     * {@link #append}.
     */
    static final String NOTIFY = """
            (SELECT count(pg_notify('%s', e.id::text))
             FROM (SELECT max(id) AS id FROM event) e WHERE e.id IS NOT NULL)""".formatted(CHANNEL);

    private static final String SINCE = """
            SELECT id, type, article_id, payload::text AS payload FROM article_events
            WHERE id > :after AND id <= :upTo ORDER BY id LIMIT :limit""";

    private static final int PRUNE_BATCH = 5_000;

    private final DatabaseClient db;

    ArticleEventLog(DatabaseClient db) {
        this.db = db;
    }

    /**
     * CTE {@code event}: one event of {@code type} per row of the CTE {@code rows}, in
     * article id order, under the event log's lock ({@link ArticleLocks#eventLogAfter}).
     * The statement reports {@link #NOTIFY}.
     */
    static String append(String type, String rows) {
        return """
                event AS (
                    INSERT INTO article_events (type, article_id, payload)
                    SELECT '%s', r.id, (%s)::json
                    FROM %s r CROSS JOIN LATERAL (%s) lock
                    ORDER BY r.id
                    RETURNING id)""".formatted(type, ArticleEvent.DELETED.equals(type) ? DELETED_JSON : ARTICLE_JSON,
                rows, ArticleLocks.eventLogAfter("r"));
    }

    /** Events with ids in (after, upTo], in id order, at most limit. */
    Flux<ArticleEvent> since(long after, long upTo, int limit) {
        return db.sql(SINCE).bind("after", after).bind("upTo", upTo).bind("limit", limit).map(ArticleRows::event).all();
    }

    Mono<Long> maxId() {
        return db.sql("SELECT COALESCE(max(id), 0) AS max FROM article_events")
            .map(r -> r.get("max", Long.class))
            .one();
    }

    /**
     * Deletes the events older than {@code before}, a batch at a time (each statement
     * well inside its time-out).
     */
    Mono<Long> prune(Instant before) {
        return Batches
            .repeat(PRUNE_BATCH,
                    () -> db.sql("""
                            DELETE FROM article_events WHERE id IN (
                                SELECT id FROM article_events WHERE created_at < :before ORDER BY id LIMIT :batch)""")
                        .bind("before", before)
                        .bind("batch", PRUNE_BATCH)
                        .fetch()
                        .rowsUpdated())
            .reduce(0L, Long::sum);
    }

}
