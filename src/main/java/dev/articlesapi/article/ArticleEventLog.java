package dev.articlesapi.article;

import dev.articlesapi.db.Batches;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The article_events table: written in the transaction of each change, read by the event streams. */
@Repository
class ArticleEventLog {

    static final String CHANNEL = "article_events";

    /**
     * Appends events under the event log's lock ({@link ArticleLocks#EVENT_LOG}), then wakes the listeners; the
     * NOTIFY is delivered at commit, with the change.
     */
    private static final String APPEND = """
            WITH lock AS (SELECT %s),
            inserted AS (
                INSERT INTO article_events (type, article_id, payload)
                SELECT e.type, e.article_id, e.payload::json
                FROM lock, unnest(:types::text[], :articleIds::bigint[], :payloads::text[])
                     WITH ORDINALITY AS e(type, article_id, payload, n)
                ORDER BY e.n
                RETURNING id)
            SELECT pg_notify('%s', (SELECT max(id) FROM inserted)::text) AS notified
            WHERE EXISTS (SELECT 1 FROM inserted)""".formatted(ArticleLocks.EVENT_LOG, CHANNEL);

    private static final String SINCE = """
            SELECT id, type, article_id, payload::text AS payload FROM article_events
            WHERE id > :after AND id <= :upTo ORDER BY id LIMIT :limit""";

    private final DatabaseClient db;
    private final JsonMapper json;

    ArticleEventLog(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> updated(ArticleWithCategoryIds a) {
        return append(ArticleEvent.UPDATED, List.of(a));
    }

    Mono<Void> updated(List<ArticleWithCategoryIds> articles) {
        return articles.isEmpty() ? Mono.empty() : append(ArticleEvent.UPDATED, articles);
    }

    Mono<Void> deleted(long id) {
        return append(ArticleEvent.DELETED, new Long[] {id}, new String[] {json.writeValueAsString(Map.of("id", id))});
    }

    private Mono<Void> append(String type, List<ArticleWithCategoryIds> articles) {
        return append(type, articles.stream().map(ArticleWithCategoryIds::id).toArray(Long[]::new),
                articles.stream().map(json::writeValueAsString).toArray(String[]::new));
    }

    private Mono<Void> append(String type, Long[] ids, String[] payloads) {
        String[] types = new String[ids.length];
        java.util.Arrays.fill(types, type);
        return db.sql(APPEND).bind("types", types).bind("articleIds", ids).bind("payloads", payloads).then();
    }

    /** Events with ids in (after, upTo], in id order, at most limit. */
    Flux<ArticleEvent> since(long after, long upTo, int limit) {
        return db.sql(SINCE).bind("after", after).bind("upTo", upTo).bind("limit", limit)
                .map(ArticleRows::event)
                .all();
    }

    Mono<Long> maxId() {
        return db.sql("SELECT COALESCE(max(id), 0) AS max FROM article_events")
                .map(r -> r.get("max", Long.class)).one();
    }

    /** Deletes the events older than {@code before}, a batch at a time (each statement well inside its time-out). */
    Mono<Long> prune(Instant before) {
        return Batches.repeat(PRUNE_BATCH, () -> db.sql("""
                        DELETE FROM article_events WHERE id IN (
                            SELECT id FROM article_events WHERE created_at < :before ORDER BY id LIMIT :batch)""")
                        .bind("before", before).bind("batch", PRUNE_BATCH).fetch().rowsUpdated())
                .reduce(0L, Long::sum);
    }

    private static final int PRUNE_BATCH = 5_000;
}
