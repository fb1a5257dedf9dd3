package dev.articlesapi.auth;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.articlesapi.web.ApiProperties;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The API's access tokens: HS256 JWTs issued with Spring Security's
 * {@link NimbusJwtEncoder} and checked by its {@link NimbusReactiveJwtDecoder}. The
 * decoder accepts HS256 only (another {@code alg}, {@code none} or a bad signature
 * fails), and requires {@code exp} and {@code nbf} (with
 * {@link JwtProperties#clockSkew()} of skew), this API's {@code iss} and {@code aud}, a
 * numeric {@code sub} (the user id) and {@code ver} (the user's token version: a log-out
 * raises it, so every token issued before stops working).
 */
@Component
class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    static final String VERSION = "ver";

    private final JwtEncoder encoder;

    private final NimbusReactiveJwtDecoder decoder;

    private final Duration lifetime;

    private final Clock clock;

    private final String issuer;

    private final String audience;

    @Autowired
    AccessTokens(JwtProperties props, ApiProperties api, Clock clock) {
        this(props, api.embeddedDatabase(), clock);
    }

    /**
     * Settings already validated ({@link JwtProperties}); {@code embedded}: a missing
     * secret is generated.
     */
    AccessTokens(JwtProperties props, boolean embedded, Clock clock) {
        SecretKey key = new SecretKeySpec(secret(props.secret(), embedded), "HmacSHA256");
        this.lifetime = Duration.ofSeconds(props.expirationTime());
        this.clock = clock;
        this.issuer = props.issuer();
        this.audience = props.audience();
        // no kid: there is one key, and a kid the builder makes up would make verifiers
        // that select their key by the
        // token's kid (Nimbus's JWSVerificationKeySelector over the bare secret, as other
        // services sharing
        // JWT_SECRET do) find no key and refuse every token
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(props.clockSkew()));
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setAllowEmptyNotBeforeClaim(false);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(timestamps, new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(audience),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, AccessTokens::isUserId),
                new JwtClaimValidator<Object>(VERSION, v -> v instanceof Number));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    }

    private static boolean isUserId(String subject) {
        return subject != null && subject.matches("[1-9][0-9]{0,18}");
    }

    private static byte[] secret(String configured, boolean embedded) {
        if (configured == null || configured.isEmpty()) {
            if (!embedded) {
                throw new IllegalStateException(
                        "JWT_SECRET is required (at least " + JwtProperties.MIN_SECRET_BYTES + " bytes)");
            }
            log.warn("JWT_SECRET is not set: using a random secret; tokens will not survive a restart");
            byte[] random = new byte[JwtProperties.MIN_SECRET_BYTES * 2];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encode(random);
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }

    Duration lifetime() {
        return lifetime;
    }

    ReactiveJwtDecoder decoder() {
        return decoder;
    }

    /**
     * A token for the user at their current token version. Signing an HMAC is
     * microseconds: no thread hop.
     */
    String issue(long userId, int version) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer(issuer)
            .audience(List.of(audience))
            .subject(Long.toString(userId))
            .claim(VERSION, version)
            .issuedAt(now)
            .notBefore(now)
            .expiresAt(now.plus(lifetime))
            .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** The user id and token version of a token the decoder accepted. */
    static long userId(Jwt jwt) {
        return Long.parseLong(jwt.getSubject());
    }

    static int version(Jwt jwt) {
        return ((Number) jwt.getClaims().get(VERSION)).intValue();
    }

}
