package dev.articlesapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The test pair itself (in a schema of its own: the API's migrations want {@code public}
 * to themselves): what the primary writes reaches the replica, a paused replay holds it
 * back until resumed, and a stopped replica catches up after its restart.
 */
class ReplicatedDatabaseIT {

    private final ReplicatedDatabase pair = ReplicatedDatabase.get();

    @Test
    void replicaReplaysThePrimaryAndPausedReplayHoldsChangesBack() throws SQLException {
        pair.onPrimary("CREATE SCHEMA IF NOT EXISTS pair", "DROP TABLE IF EXISTS pair.replicated",
                "CREATE TABLE pair.replicated (n int)", "INSERT INTO pair.replicated VALUES (1)");
        pair.awaitReplay();
        assertThat(countOnReplica()).isEqualTo(1);
        assertThat(isInRecovery()).isTrue();

        pair.pauseReplay();
        pair.onPrimary("INSERT INTO pair.replicated VALUES (2)");
        assertThat(countOnReplica()).isEqualTo(1);
        pair.resumeReplay();
        pair.awaitReplay();
        assertThat(countOnReplica()).isEqualTo(2);

        pair.stopReplica();
        pair.onPrimary("INSERT INTO pair.replicated VALUES (3)");
        pair.startReplica();
        pair.awaitReplay();
        assertThat(countOnReplica()).isEqualTo(3);
    }

    @Test
    void statementsAreCountedPerServer() throws SQLException {
        pair.onPrimary("CREATE SCHEMA IF NOT EXISTS pair", "CREATE TABLE IF NOT EXISTS pair.counted (n int)");
        pair.awaitReplay();
        var mark = pair.mark();
        longOnReplica("SELECT count(*) FROM pair.counted");
        longOnReplica("SELECT count(*) FROM pair.counted");
        pair.onPrimary("SELECT count(*) FROM pair.counted");
        assertThat(pair.statements(mark, "count(*) FROM pair.counted")).isEqualTo(new ReplicatedDatabase.Counts(1, 2));
    }

    private long countOnReplica() throws SQLException {
        return longOnReplica("SELECT count(*) FROM pair.replicated");
    }

    private boolean isInRecovery() throws SQLException {
        return longOnReplica("SELECT pg_is_in_recovery()::int") == 1;
    }

    private long longOnReplica(String sql) throws SQLException {
        try (Connection c = DriverManager
            .getConnection("jdbc:postgresql://127.0.0.1:" + pair.replicaPort() + "/postgres?user=postgres");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

}
