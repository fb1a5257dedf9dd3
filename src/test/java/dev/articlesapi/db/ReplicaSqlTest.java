package dev.articlesapi.db;

import dev.articlesapi.support.SqlFiles;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The statements of the replicas' poller and of the Read-After cookie, each a file in
 * src/test/resources/sql.
 */
class ReplicaSqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final Replicas replicas = new Replicas(db,
            new DatabaseProperties(Duration.ofSeconds(3), "", Duration.ofSeconds(5), Duration.ofMillis(500)),
            new R2dbcProperties(), new ReactorResourceFactory());

    private final SqlFiles files = new SqlFiles("replica-");

    @Test
    void everyStatementIsItsFile() {
        files.add("replica-primary-position", db.sentBy(replicas.primaryPosition()));
        files.add("replica-primary-flushed", db.sentBy(replicas.primaryFlushed()));
        files.add("replica-replayed", db.sentBy(Replicas.replayed(new Replica("replica", db))));
        files.verify();
    }

}
