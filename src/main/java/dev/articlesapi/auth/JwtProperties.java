package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secret         HS256 key, at least 32 bytes ({@code JWT_SECRET})
 * @param expirationTime token and cookie lifetime in seconds ({@code JWT_EXPIRATION_TIME})
 * @param clockSkew      seconds of clock difference tolerated when checking {@code exp}
 */
@ConfigurationProperties("articles.jwt")
record JwtProperties(String secret, long expirationTime, long clockSkew) {}
