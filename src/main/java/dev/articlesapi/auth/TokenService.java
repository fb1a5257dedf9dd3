package dev.articlesapi.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies the API's JWTs: HS256 only (the verifier pins the algorithm, so {@code none} and any other
 * {@code alg} fail), subject = user id, {@code exp} checked with {@link JwtProperties#clockSkew()} seconds of skew.
 */
@Component
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    TokenService(JwtProperties props, @Value("${articles.embedded-database:false}") boolean embedded, Clock clock) {
        this.secret = secret(props.secret(), embedded);
        if (props.expirationTime() < 1) {
            throw new IllegalStateException("JWT_EXPIRATION_TIME must be a positive number of seconds");
        }
        this.lifetime = Duration.ofSeconds(props.expirationTime());
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        var claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "iat", "exp", "ver"));
        claims.setMaxClockSkew((int) props.clockSkew());
        processor.setJWTClaimsSetVerifier(claims);
    }

    private static byte[] secret(String configured, boolean embedded) {
        if (configured == null || configured.isEmpty()) {
            if (!embedded) {
                throw new IllegalStateException("JWT_SECRET is required (at least " + MIN_SECRET_BYTES + " bytes)");
            }
            log.warn("JWT_SECRET is not set: using a random secret; tokens will not survive a restart");
            byte[] random = new byte[MIN_SECRET_BYTES * 2];
            new SecureRandom().nextBytes(random);
            return Base64.getEncoder().encode(random);
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return bytes;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The subject and token version of a verified token. */
    public record Claims(long userId, int version) {}

    public String issue(long userId, int version) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .claim("ver", version)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a valid token; empty for anything else (bad signature, other alg, expired, garbage). */
    public Optional<Claims> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Long version = claims.getLongClaim("ver");
            return Optional.of(new Claims(Long.parseLong(claims.getSubject()), version == null ? 0 : version.intValue()));
        } catch (ParseException | BadJOSEException | JOSEException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
