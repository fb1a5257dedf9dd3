package dev.articlesapi.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The background thread that retries the migrations while the database cannot be reached;
 * stopped with the API.
 */
@Component
class MigrationRetries implements DisposableBean {

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migrations-retry");
        t.setDaemon(true);
        return t;
    });

    void schedule(Runnable attempt, Duration delay) {
        retries.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

}
