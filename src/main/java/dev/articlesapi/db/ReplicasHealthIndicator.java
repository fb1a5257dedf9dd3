package dev.articlesapi.db;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code replicas} health, part of readiness: each replica's state (usable, or why
 * not) and lag. Always UP: a replica skipped costs reads on the primary, not the
 * instance's readiness.
 */
@Component
class ReplicasHealthIndicator implements HealthIndicator {

    private final Replicas replicas;

    ReplicasHealthIndicator(Replicas replicas) {
        this.replicas = replicas;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (!replicas.any()) {
            return health.withDetail("replicas", "none configured: every read goes to the primary").build();
        }
        health.withDetail("maxLag", replicas.maxLag().toString());
        for (Replica r : replicas.all()) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("state", r.usable() ? "serving" : "skipped");
            if (!r.usable()) {
                state.put("reason", r.problem());
            }
            if (r.lag() != null) {
                state.put("lagMillis", r.lag().toMillis());
            }
            if (r.replayed() >= 0) {
                state.put("replayed", Lsn.format(r.replayed()));
            }
            health.withDetail(r.name(), state);
        }
        return health.build();
    }

}
