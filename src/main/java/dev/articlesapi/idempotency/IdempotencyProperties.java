package dev.articlesapi.idempotency;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long an Idempotency-Key replays its first answer
 * ({@code IDEMPOTENCY_RETENTION})
 * @param pruneEvery how often keys older than the retention are deleted
 */
@Validated
@ConfigurationProperties("articles.idempotency")
record IdempotencyProperties(@NotNull @DurationMin(seconds = 1) Duration retention,
        @NotNull @DurationMin(seconds = 1) Duration pruneEvery) {
}
