package dev.articlesapi.idempotency;

import dev.articlesapi.db.Batches;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The keys of idempotent creates. Every statement but the prune runs in the create's
 * transaction, after {@link #claim}.
 */
@Repository
class IdempotencyRepository {

    /** A stored key: the request's fingerprint and the answer it got. */
    record Stored(byte[] fingerprint, Answer answer) {
    }

    /**
     * The key's transaction-scoped advisory lock, without waiting: false while another
     * transaction (a request with that key still running, on any instance) holds it. The
     * two-integer form keeps these locks apart from the event log's one-key lock.
     */
    private static final String CLAIM = """
            SELECT pg_try_advisory_xact_lock(hashtext('idempotency_keys'), hashtext(:userId::text || ' ' || :key))
                   AS claimed""";

    private static final String FIND = """
            SELECT fingerprint, status, header_names, header_values, body FROM idempotency_keys
            WHERE user_id = :userId AND key = :key AND created_at > now() - make_interval(secs => :retention)""";

    /** A row of the same key that has expired but is not pruned yet is replaced. */
    private static final String STORE = """
            INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, status, header_names, header_values, body)
            VALUES (:userId, :key, :fingerprint, :status, :headerNames, :headerValues, :body)
            ON CONFLICT ON CONSTRAINT idempotency_keys_pkey DO UPDATE
            SET fingerprint = excluded.fingerprint, status = excluded.status, header_names = excluded.header_names,
                header_values = excluded.header_values, body = excluded.body, created_at = now()""";

    private static final String PRUNE = """
            DELETE FROM idempotency_keys WHERE (user_id, key) IN (
                SELECT user_id, key FROM idempotency_keys WHERE created_at <= now() - make_interval(secs => :retention)
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    static final int PRUNE_BATCH = 1000;

    private final DatabaseClient db;

    IdempotencyRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Boolean> claim(long userId, String key) {
        return db.sql(CLAIM).bind("userId", userId).bind("key", key).map(r -> r.get("claimed", Boolean.class)).one();
    }

    /** The key's answer while it is kept; empty when there is none. */
    Mono<Stored> find(long userId, String key, Duration retention) {
        return db.sql(FIND)
            .bind("userId", userId)
            .bind("key", key)
            .bind("retention", seconds(retention))
            .map(IdempotencyRepository::stored)
            .one();
    }

    Mono<Void> store(long userId, String key, byte[] fingerprint, Answer answer) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String name : Answer.STORED) {
            for (String value : answer.headers().getOrEmpty(name)) {
                names.add(name);
                values.add(value);
            }
        }
        return db.sql(STORE)
            .bind("userId", userId)
            .bind("key", key)
            .bind("fingerprint", fingerprint)
            .bind("status", (short) answer.status())
            .bind("headerNames", names.toArray(String[]::new))
            .bind("headerValues", values.toArray(String[]::new))
            .bind("body", answer.body())
            .then();
    }

    /** Deletes the keys older than the retention, in batches; returns how many. */
    Mono<Long> prune(Duration retention) {
        return Batches
            .repeat(PRUNE_BATCH,
                    () -> db.sql(PRUNE)
                        .bind("retention", seconds(retention))
                        .bind("batch", PRUNE_BATCH)
                        .fetch()
                        .rowsUpdated())
            .reduce(0L, Long::sum);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Stored stored(Readable r) {
        String[] names = r.get("header_names", String[].class);
        String[] values = r.get("header_values", String[].class);
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < names.length; i++) {
            headers.add(names[i], values[i]);
        }
        return new Stored(r.get("fingerprint", byte[].class),
                new Answer(r.get("status", Short.class), headers, r.get("body", byte[].class)));
    }

}
