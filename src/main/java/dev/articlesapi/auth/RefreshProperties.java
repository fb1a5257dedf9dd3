package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param expirationTime refresh token and cookie lifetime in seconds ({@code REFRESH_EXPIRATION_TIME})
 * @param reuseGrace     seconds after its rotation during which a refresh token presented again is refused without
 *                       ending its session ({@code REFRESH_REUSE_GRACE})
 */
@ConfigurationProperties("articles.refresh")
record RefreshProperties(long expirationTime, long reuseGrace) {}
