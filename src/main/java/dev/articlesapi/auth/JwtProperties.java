package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secret         HS256 key, at least 32 bytes ({@code JWT_SECRET})
 * @param expirationTime access token and cookie lifetime in seconds ({@code JWT_EXPIRATION_TIME})
 * @param clockSkew      seconds of clock difference tolerated when checking {@code exp} and {@code nbf}
 * @param issuer         the {@code iss} claim issued and required ({@code JWT_ISSUER})
 * @param audience       the {@code aud} claim issued and required ({@code JWT_AUDIENCE})
 */
@ConfigurationProperties("articles.jwt")
record JwtProperties(String secret, long expirationTime, long clockSkew, String issuer, String audience) {}
