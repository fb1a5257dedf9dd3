package dev.articlesapi.db;

import dev.articlesapi.web.ProblemWriter;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs the Flyway migrations at start-up; when the database cannot be reached yet, the API starts anyway (alive,
 * not ready) and keeps trying in the background with backoff. Until the migrations have run, requests other than
 * the actuator's answer 503 with Retry-After, and the {@code migrations} health (part of readiness) is DOWN.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class Migrations implements FlywayMigrationStrategy, HealthIndicator, WebFilter, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final ProblemWriter problems;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migrations-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean done;
    private volatile String lastFailure = "not run yet";

    Migrations(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (!attempt(flyway)) {
            log.warn("Database not reachable at start-up ({}); the API starts and migrates as soon as it is",
                    lastFailure);
            retries.schedule(() -> retry(flyway, Duration.ofSeconds(1)), 1, TimeUnit.SECONDS);
        }
    }

    private void retry(Flyway flyway, Duration delay) {
        if (!attempt(flyway)) {
            Duration next = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            retries.schedule(() -> retry(flyway, next), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** True once migrated; false when the database cannot be reached; any other failure is fatal. */
    private boolean attempt(Flyway flyway) {
        try {
            flyway.migrate();
            done = true;
            log.info("Database migrations are up to date");
            return true;
        } catch (FlywayException e) {
            if (!unreachable(e)) {
                throw e;
            }
            lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            return false;
        }
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    boolean done() {
        return done;
    }

    @Override
    public Health health() {
        return done ? Health.up().build() : Health.down().withDetail("reason", lastFailure).build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (done || exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The database is not ready yet; try again shortly", exchange.getRequest().getPath().value(), null,
                null), Duration.ofSeconds(5));
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
