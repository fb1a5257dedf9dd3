package dev.articlesapi.db;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code migrations} health, part of readiness: DOWN, with the reason, until the
 * migrations have run.
 */
@Component
class MigrationsHealthIndicator implements HealthIndicator {

    private final Migrations migrations;

    MigrationsHealthIndicator(Migrations migrations) {
        this.migrations = migrations;
    }

    @Override
    public Health health() {
        return migrations.done() ? Health.up().build()
                : Health.down().withDetail("reason", migrations.lastFailure()).build();
    }

}
