package dev.articlesapi.auth;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param secret HS256 key, at least 32 bytes ({@code JWT_SECRET}); may be empty with the
 * embedded database only (a random one is generated)
 * @param expirationTime access token and cookie lifetime in seconds
 * ({@code JWT_EXPIRATION_TIME})
 * @param clockSkew seconds of clock difference tolerated when checking {@code exp} and
 * {@code nbf}
 * @param issuer the {@code iss} claim issued and required ({@code JWT_ISSUER})
 * @param audience the {@code aud} claim issued and required ({@code JWT_AUDIENCE})
 */
@Validated
@ConfigurationProperties("articles.jwt")
record JwtProperties(String secret, @Positive long expirationTime, @PositiveOrZero long clockSkew,
        @NotBlank String issuer, @NotBlank String audience) {

    static final int MIN_SECRET_BYTES = 32;

    /**
     * An HS256 key shorter than the hash is guessable; none at all is decided by
     * {@link AccessTokens}.
     */
    @AssertTrue(message = "JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long")
    boolean isSecretLongEnough() {
        return secret == null || secret.isEmpty() || secret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }
}
