package dev.articlesapi.idempotency;

import dev.articlesapi.db.RecordingDatabase;
import dev.articlesapi.support.SqlFiles;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the idempotency store, as its driver receives it, is its file in
 * src/test/resources/sql ({@link SqlFiles}: {@code -Dsql.update=true} rewrites them).
 */
class IdempotencySqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final IdempotencyRepository keys = new IdempotencyRepository(db.client());

    private final SqlFiles files = new SqlFiles("idempotency-");

    @Test
    void everyStatementIsItsFile() {
        files.add("idempotency-claim", db.sentBy(keys.claim(1, "key")));
        files.add("idempotency-find", db.sentBy(keys.find(1, "key", Duration.ofHours(24))));
        files.add("idempotency-store", db
            .sentBy(keys.store(1, "key", new byte[32], Answer.created(URI.create("/articles/1"), "{}".getBytes()))));
        files.add("idempotency-prune", db.sentBy(keys.prune(Duration.ofHours(24))));
        files.verify();
    }

}
