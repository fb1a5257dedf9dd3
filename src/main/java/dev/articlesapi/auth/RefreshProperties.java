package dev.articlesapi.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param expirationTime refresh token and cookie lifetime in seconds
 * ({@code REFRESH_EXPIRATION_TIME})
 * @param reuseGrace seconds after its rotation during which a refresh token presented
 * again is refused without ending its session ({@code REFRESH_REUSE_GRACE})
 * @param pruneEvery how often expired and revoked refresh tokens are deleted
 */
@Validated
@ConfigurationProperties("articles.refresh")
record RefreshProperties(@Positive long expirationTime, @PositiveOrZero long reuseGrace, @NotNull Duration pruneEvery) {
}
