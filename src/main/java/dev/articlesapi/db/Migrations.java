package dev.articlesapi.db;

import dev.articlesapi.web.Causes;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Runs the Flyway migrations at start-up; when the database cannot be reached yet, the
 * API starts anyway (alive, not ready) and keeps trying in the background with backoff
 * ({@link MigrationRetries}). Until the migrations have run, {@link MigrationsGate}
 * answers requests 503 and {@link MigrationsHealthIndicator} (part of readiness) is DOWN.
 */
@Component
class Migrations implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final MigrationRetries retries;

    private volatile boolean done;

    private volatile String lastFailure = "not run yet";

    Migrations(MigrationRetries retries) {
        this.retries = retries;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (!attempt(flyway)) {
            log.warn("Database not reachable at start-up ({}); the API starts and migrates as soon as it is",
                    lastFailure);
            retries.schedule(() -> retry(flyway, FIRST_DELAY), FIRST_DELAY);
        }
    }

    private void retry(Flyway flyway, Duration delay) {
        if (!attempt(flyway)) {
            Duration next = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            retries.schedule(() -> retry(flyway, next), next);
        }
    }

    /**
     * True once migrated; false when the database cannot be reached; any other failure is
     * fatal.
     */
    private boolean attempt(Flyway flyway) {
        try {
            flyway.migrate();
            done = true;
            log.info("Database migrations are up to date");
            return true;
        }
        catch (FlywayException e) {
            if (!unreachable(e)) {
                throw e;
            }
            lastFailure = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            return false;
        }
    }

    static boolean unreachable(Throwable e) {
        return Causes.first(e, t -> t instanceof ConnectException || t instanceof SQLException sql
                && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) != null;
    }

    boolean done() {
        return done;
    }

    /** Why the last attempt failed ("not run yet" before the first). */
    String lastFailure() {
        return lastFailure;
    }

}
